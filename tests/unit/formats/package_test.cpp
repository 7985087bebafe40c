// Round trips and failure classes of the PPC package (docs/FORMAT.md).
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <thread>

#include "ppc/error.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"
#include "string_source.hpp"

namespace {

using ppc::test::as_bytes;
using ppc::test::pseudo_random_text;
using ppc::test::StringSource;

using namespace ppc;

// Collects every entry's bytes and outcome.
struct Collect : EntryVisitor {
  std::map<std::string, std::string> bytes;
  std::map<std::string, EntryOutcome> outcomes;
  std::string current;
  void begin(const EntryInfo& info) override {
    current = info.meta.name;
    bytes[current];
  }
  void data(std::span<const uint8_t> b) override {
    bytes[current].append(reinterpret_cast<const char*>(b.data()), b.size());
  }
  void end(const EntryOutcome& o) override { outcomes[o.info.meta.name] = o; }
};

EntryMeta file_meta(std::string name, uint64_t size) {
  EntryMeta m;
  m.name = std::move(name);
  m.size = size;
  m.mode = 0640;
  m.uid = 1000;
  m.gid = 1000;
  m.uname = "alice";
  m.gname = "staff";
  m.mtime = Timestamp{1700000000, 123456789};
  m.atime = Timestamp{1700000100, 0};
  m.ctime = Timestamp{1700000200, 0};
  m.ino = 4242;
  m.dev = 2049;
  return m;
}

// Deterministic writer options: each call gets its own generator, kept alive for the test run.
WriterOptions passphrase_options(uint64_t seed = 1) {
  static std::deque<SeededRandom> generators;
  static FixedClock clock(1763710000'000000000);
  SeededRandom* rng = &generators.emplace_back(seed);
  WriterOptions o;
  o.recipients.push_back(PassphraseRecipient{make_secure_string("correct horse"), kMinScryptLog2N});
  o.random = rng;
  o.clock = &clock;
  o.zstd_workers = 0;
  return o;
}

ReadOptions passphrase_reader(std::string_view pass = "correct horse") {
  ReadOptions r;
  r.identities.push_back(PassphraseIdentity{make_secure_string(pass)});
  return r;
}

// A package with a small file, a streamed large file, a non-UTF-8 name and a symlink.
std::vector<uint8_t> sample_package(WriterOptions opt,
                                    std::map<std::string, std::string>* expected = nullptr) {
  opt.buffer_bytes = 64 * 1024;  // so the 300 KiB file takes the streamed path
  MemorySink sink;
  PackageWriter w(sink, std::move(opt));
  std::map<std::string, std::string> files = {
      {"files/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"},
      {"files/var/log/big.bin", pseudo_random_text(300 * 1024, 7)},
      {std::string("files/tmp/caf\xe9\xff.txt"), "latin-1 name\n"},
      {"files/home/r\xc3\xa9sum\xc3\xa9 \xe2\x9c\x93.txt", "utf-8 name\n"},
      {"live/system/info.jsonl", "{\"hostname\":\"asset\"}\n"},
  };
  for (const auto& [name, content] : files) {
    StringSource src(content);
    auto r = w.add_stream(src, file_meta(name, content.size()));
    EXPECT_EQ(r.status, EntryStatus::complete) << name;
  }
  EntryMeta link = file_meta("files/etc/alternatives/editor", 0);
  link.symlink_target = "/usr/bin/vim";
  w.add_symlink(link);
  w.finish();
  if (expected) *expected = files;
  return sink.bytes;
}

ErrorClass read_error_class(const std::vector<uint8_t>& pkg, const ReadOptions& opt) {
  MemorySource src(pkg);
  Collect c;
  try {
    read_package(src, opt, c);
  } catch (const Error& e) {
    return e.error_class();
  }
  ADD_FAILURE() << "package read without error";
  return ErrorClass::io;
}

constexpr std::size_t kSealedChunk = (1u << 16) + 16;

std::size_t header_size(const std::vector<uint8_t>& pkg) {
  MemorySource src(pkg);
  return read_header(src).header_bytes;
}

TEST(Package, PassphraseRoundTripKeepsBytesMetadataAndDigests) {
  std::map<std::string, std::string> expected;
  auto pkg = sample_package(passphrase_options(), &expected);
  MemorySource src(pkg);
  Collect c;
  ReadReport rep = read_package(src, passphrase_reader(), c);
  EXPECT_TRUE(rep.complete);
  EXPECT_EQ(rep.unlocked_by, StanzaType::passphrase);
  EXPECT_EQ(rep.entries, 6u);
  EXPECT_EQ(rep.package_bytes, pkg.size());
  EXPECT_EQ(rep.package_sha256, sha256(pkg));
  for (const auto& [name, content] : expected) {
    ASSERT_TRUE(c.bytes.count(name)) << name;
    EXPECT_EQ(c.bytes[name], content) << name;
    const EntryOutcome& o = c.outcomes[name];
    EXPECT_EQ(o.computed.sha256, to_hex(sha256(as_bytes(content))));
    // Reported at end(): small entries verified by their pax digest, the big one by the manifest.
    EXPECT_EQ(o.verification,
              name == "files/var/log/big.bin" ? Verification::pending : Verification::verified);
  }
  const EntryMeta& m = c.outcomes["files/etc/passwd"].info.meta;
  EXPECT_EQ(m.mode, 0640u);
  EXPECT_EQ(m.uid, 1000u);
  EXPECT_EQ(m.uname, "alice");
  EXPECT_EQ(m.gname, "staff");
  ASSERT_TRUE(m.mtime);
  EXPECT_EQ(m.mtime->sec, 1700000000);
  EXPECT_EQ(m.mtime->nsec, 123456789);
  ASSERT_TRUE(m.atime);
  EXPECT_EQ(m.atime->sec, 1700000100);
  ASSERT_TRUE(m.ino);
  EXPECT_EQ(*m.ino, 4242u);
  EXPECT_EQ(c.outcomes["files/etc/alternatives/editor"].info.meta.symlink_target, "/usr/bin/vim");
}

TEST(Package, SameSeedAndClockGiveIdenticalBytes) {
  EXPECT_EQ(sample_package(passphrase_options(5)), sample_package(passphrase_options(5)));
  EXPECT_NE(sample_package(passphrase_options(5)), sample_package(passphrase_options(6)));
}

TEST(Package, EveryChunkHasTheSameSealedSize) {
  auto pkg = sample_package(passphrase_options());
  EXPECT_EQ((pkg.size() - header_size(pkg)) % kSealedChunk, 0u);
}

TEST(Package, UnencryptedPackageOpensWithoutKeyAndSaysSo) {
  WriterOptions o = passphrase_options();
  o.encrypt = false;
  auto pkg = sample_package(o);
  MemorySource hsrc(pkg);
  EXPECT_FALSE(read_header(hsrc).encrypted());
  MemorySource src(pkg);
  Collect c;
  ReadReport rep = read_package(src, ReadOptions{}, c);
  EXPECT_TRUE(rep.complete);
  EXPECT_EQ(rep.unlocked_by, StanzaType::plaintext_key);
}

TEST(Package, X25519RecipientOpensWithItsIdentityOnly) {
  X25519Identity alice = generate_x25519_identity();
  X25519Identity bob = generate_x25519_identity();
  WriterOptions o = passphrase_options();
  o.recipients = {X25519Recipient{alice.public_key}};
  auto pkg = sample_package(o);
  ReadOptions good;
  good.identities.push_back(alice);
  MemorySource src(pkg);
  Collect c;
  EXPECT_TRUE(read_package(src, good, c).complete);
  ReadOptions bad;
  bad.identities.push_back(bob);
  EXPECT_EQ(read_error_class(pkg, bad), ErrorClass::no_matching_key);
}

TEST(Package, AnyOfSeveralRecipientsOpensIt) {
  X25519Identity alice = generate_x25519_identity();
  WriterOptions o = passphrase_options();
  o.recipients.push_back(X25519Recipient{alice.public_key});
  auto pkg = sample_package(o);
  ReadOptions by_key;
  by_key.identities.push_back(alice);
  MemorySource a(pkg), b(pkg);
  Collect c1, c2;
  EXPECT_EQ(read_package(a, by_key, c1).unlocked_by, StanzaType::x25519);
  EXPECT_EQ(read_package(b, passphrase_reader(), c2).unlocked_by, StanzaType::passphrase);
}

TEST(Package, SourceThatShrinksIsZeroFilledAndFlagged) {
  MemorySink sink;
  {
    PackageWriter w(sink, passphrase_options());
    StringSource shrinking("only10byte");
    auto r = w.add_stream(shrinking, file_meta("files/shrunk", 16));
    EXPECT_EQ(r.status, EntryStatus::shrank);
    EXPECT_EQ(r.source_bytes, 10u);
    EXPECT_EQ(r.digests.sha256,
              to_hex(sha256(as_bytes(std::string("only10byte") + std::string(6, '\0')))));
    StringSource growing("0123456789abcdef-and-more");
    EXPECT_EQ(w.add_stream(growing, file_meta("files/grew", 16)).status, EntryStatus::grew);
    w.finish();
  }
  MemorySource src(sink.bytes);
  Collect c;
  read_package(src, passphrase_reader(), c);
  EXPECT_EQ(c.outcomes["files/shrunk"].status, EntryStatus::shrank);
  EXPECT_EQ(c.bytes["files/grew"], "0123456789abcdef");
  EXPECT_EQ(c.outcomes["files/grew"].status, EntryStatus::grew);
}

TEST(Package, ChecksDigestsMdFiveAndShaOneOnRequest) {
  WriterOptions o = passphrase_options();
  o.hashes = parse_hash_selection("sha256,md5,sha1");
  MemorySink sink;
  PackageWriter w(sink, o);
  auto r = w.add_text(file_meta("files/abc", 3), "abc");
  EXPECT_EQ(r.digests.md5, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(r.digests.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(r.digests.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Entries prepared on another thread and stored with add_prepared give the very bytes add_stream
// gives, statuses (shrank, grew) and all.
TEST(Package, PreparedEntriesGiveTheSameBytesAsStreamedOnes) {
  auto build = [](bool prepared) {
    WriterOptions o = passphrase_options(9);
    o.hashes = parse_hash_selection("sha256,md5");
    MemorySink sink;
    PackageWriter w(sink, o);
    MultiHasher hasher(o.hashes);
    std::vector<std::pair<EntryMeta, std::string>> entries = {
        {file_meta("files/a", 5), "hello"},
        {file_meta("files/empty", 0), ""},
        {file_meta("files/shrunk", 16), "only10byte"},
        {file_meta("files/grew", 4), "0123456789"},
        {file_meta("files/text", 3000), pseudo_random_text(3000, 3)},
    };
    std::vector<EntryResult> results;
    for (const auto& [meta, content] : entries) {
      StringSource src(content);
      if (prepared) {
        PreparedEntry p;
        std::thread([&] { p = prepare_entry(src, meta, hasher); }).join();
        results.push_back(w.add_prepared(p));
      } else {
        results.push_back(w.add_stream(src, meta));
      }
    }
    w.finish();
    return std::make_pair(sink.bytes, results);
  };
  auto [streamed, streamed_results] = build(false);
  auto [prepared, prepared_results] = build(true);
  EXPECT_EQ(prepared, streamed);
  ASSERT_EQ(prepared_results.size(), streamed_results.size());
  for (std::size_t i = 0; i < prepared_results.size(); ++i) {
    EXPECT_EQ(prepared_results[i].status, streamed_results[i].status) << i;
    EXPECT_EQ(prepared_results[i].source_bytes, streamed_results[i].source_bytes) << i;
    EXPECT_EQ(prepared_results[i].digests.md5, streamed_results[i].digests.md5) << i;
  }
  EXPECT_EQ(prepared_results[2].status, EntryStatus::shrank);
  EXPECT_EQ(prepared_results[3].status, EntryStatus::grew);
}

// --- failure classes ---------------------------------------------------------------------------

TEST(PackageFailure, WrongPassphrase) {
  auto pkg = sample_package(passphrase_options());
  EXPECT_EQ(read_error_class(pkg, passphrase_reader("wrong")), ErrorClass::wrong_passphrase);
}

TEST(PackageFailure, NoKeyGiven) {
  auto pkg = sample_package(passphrase_options());
  EXPECT_EQ(read_error_class(pkg, ReadOptions{}), ErrorClass::no_matching_key);
}

TEST(PackageFailure, HeaderModified) {
  auto pkg = sample_package(passphrase_options());
  pkg[20] ^= 1;  // payload salt: covered by the header MAC
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::header_mac);
}

TEST(PackageFailure, WorkFactorOverTheCap) {
  auto pkg = sample_package(passphrase_options());
  ReadOptions r = passphrase_reader();
  r.limits.max_scrypt_log2n = kMinScryptLog2N - 1;
  EXPECT_EQ(read_error_class(pkg, r), ErrorClass::kdf_cost_too_high);
}

TEST(PackageFailure, FlippedBitInAChunk) {
  auto pkg = sample_package(passphrase_options());
  pkg[header_size(pkg) + 100] ^= 0x10;
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::chunk_auth);
}

TEST(PackageFailure, ReorderedChunks) {
  auto pkg = sample_package(passphrase_options());
  std::size_t h = header_size(pkg);
  ASSERT_GE((pkg.size() - h) / kSealedChunk, 3u);
  std::swap_ranges(pkg.begin() + h, pkg.begin() + h + kSealedChunk, pkg.begin() + h + kSealedChunk);
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::chunk_auth);
}

TEST(PackageFailure, DroppedChunk) {
  auto pkg = sample_package(passphrase_options());
  std::size_t h = header_size(pkg);
  pkg.erase(pkg.begin() + h + kSealedChunk, pkg.begin() + h + 2 * kSealedChunk);
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::chunk_auth);
}

TEST(PackageFailure, TruncatedAtAChunkBoundary) {
  auto pkg = sample_package(passphrase_options());
  pkg.resize(pkg.size() - kSealedChunk);
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::truncated);
}

TEST(PackageFailure, TruncatedMidChunk) {
  auto pkg = sample_package(passphrase_options());
  pkg.resize(pkg.size() - 1000);
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::truncated);
}

TEST(PackageFailure, TrailingGarbage) {
  auto pkg = sample_package(passphrase_options());
  pkg.insert(pkg.end(), {'j', 'u', 'n', 'k'});
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::trailing_data);
}

TEST(PackageFailure, NotAPackage) {
  std::vector<uint8_t> junk(100, 'x');
  EXPECT_EQ(read_error_class(junk, passphrase_reader()), ErrorClass::not_a_package);
}

// --- checkpoints and salvage ---------------------------------------------------------------------

TEST(Salvage, TruncatedPackageGivesBackEveryEntryBeforeTheDamageVerified) {
  WriterOptions o = passphrase_options();
  o.checkpoint_bytes = 1;  // a checkpoint after every entry
  MemorySink sink;
  std::vector<std::string> contents;
  {
    PackageWriter w(sink, o);
    for (int i = 0; i < 40; ++i) {
      contents.push_back(pseudo_random_text(20000, static_cast<uint32_t>(i)));
      w.add_text(file_meta("files/data/" + std::to_string(i), 20000), contents.back());
    }
    // No finish(): the collector was killed. Only what was sealed reached the sink.
  }
  auto pkg = sink.bytes;
  ASSERT_GT(pkg.size(), 10 * kSealedChunk);
  EXPECT_EQ(read_error_class(pkg, passphrase_reader()), ErrorClass::truncated);

  ReadOptions r = passphrase_reader();
  r.salvage = true;
  MemorySource src(pkg);
  Collect c;
  ReadReport rep = read_package(src, r, c);
  ASSERT_TRUE(rep.failure);
  EXPECT_EQ(rep.failure->error_class(), ErrorClass::truncated);
  EXPECT_FALSE(rep.complete);
  EXPECT_GE(rep.checkpoints, 30u);
  std::size_t verified = 0;
  for (int i = 0; i < 40; ++i) {
    std::string name = "files/data/" + std::to_string(i);
    if (!c.outcomes.count(name)) continue;
    if (c.outcomes[name].verification == Verification::incomplete) continue;
    EXPECT_EQ(c.bytes[name], contents[static_cast<std::size_t>(i)]);
    ++verified;
  }
  EXPECT_GE(verified, 30u);
}

TEST(Checkpoints, AreWrittenBySizeAndCountedByTheReader) {
  WriterOptions o = passphrase_options();
  o.checkpoint_bytes = 50000;
  MemorySink sink;
  {
    PackageWriter w(sink, o);
    for (int i = 0; i < 10; ++i)
      w.add_text(file_meta("files/f" + std::to_string(i), 20000), pseudo_random_text(20000, 9));
    w.finish();
  }
  MemorySource src(sink.bytes);
  Collect c;
  ReadReport rep = read_package(src, passphrase_reader(), c);
  EXPECT_TRUE(rep.complete);
  EXPECT_EQ(rep.checkpoints,
            1u + 10 / 3);  // every third entry crosses 50 000 bytes, plus the final one
}

TEST(Signature, SignedPackageVerifiesAndNamesItsKey) {
  SigningKey key = generate_signing_key();
  WriterOptions o = passphrase_options();
  o.signing_key = &key;
  auto pkg = sample_package(o);
  ReadOptions r = passphrase_reader();
  r.verify_key = key.public_key;
  MemorySource src(pkg);
  Collect c;
  ReadReport rep = read_package(src, r, c);
  EXPECT_TRUE(rep.signed_package);
  EXPECT_TRUE(rep.signature_matches_key);
  EXPECT_EQ(rep.signer_key_id, key_id(key.public_key));
  SigningKey other = generate_signing_key();
  r.verify_key = other.public_key;
  EXPECT_EQ(read_error_class(pkg, r), ErrorClass::signature);
}

TEST(Export, PayloadIsAnOrdinaryTar) {
  auto pkg = sample_package(passphrase_options());
  MemorySource src(pkg);
  MemorySink tar;
  export_payload(src, passphrase_reader(), tar);
  ASSERT_GT(tar.bytes.size(), 1024u);
  // ustar magic of the first header block
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(tar.bytes.data()) + 257, 5), "ustar");
}

}  // namespace
