// Salvage and resynchronisation (docs/FORMAT.md, "Salvage and resynchronisation"): real
// packages with many checkpoints, damaged with byte edits (bit flips, dropped chunks, garbage),
// must give back every entry outside the damaged ranges, verified, and say what was lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../../../formats/src/chunk_locator.hpp"
#include "../../../formats/src/chunk_opener.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"
#include "scratch_dir.hpp"
#include "string_source.hpp"

namespace {

using ppc::test::as_bytes;
using ppc::test::pseudo_random_text;
using ppc::test::StringSource;

using namespace ppc;

constexpr std::size_t kChunk = 1u << 16;
constexpr std::size_t kSealed = kChunk + 16;
constexpr std::size_t kEntryBytes = 20000;
constexpr std::size_t kStreamedBytes = 70000;

// Every entry's bytes and final verdict, kept as a visitor must (an entry reported pending is
// verified by the next checkpoint(), and stays unverified if resumed() or the end of the read
// comes first), and which checkpoint confirmed it. Checks the visitor contract on the way.
struct Collect : EntryVisitor {
  std::map<std::string, std::string> bytes;
  std::map<std::string, EntryOutcome> outcomes;
  std::map<std::string, uint64_t> confirmed_by;  // entry -> checkpoint sequence
  std::vector<std::string> awaiting;
  std::vector<DamagedRange> resumed_after;
  std::string current;
  bool open = false;
  void begin(const EntryInfo& info) override {
    EXPECT_FALSE(open) << "begin() while " << current << " is open";
    open = true;
    current = info.meta.name;
    bytes[current].clear();
  }
  void data(std::span<const uint8_t> b) override {
    EXPECT_TRUE(open);
    bytes[current].append(reinterpret_cast<const char*>(b.data()), b.size());
  }
  void end(const EntryOutcome& o) override {
    EXPECT_TRUE(open);
    EXPECT_EQ(o.bytes, bytes[current].size());
    open = false;
    outcomes[o.info.meta.name] = o;
    awaiting.push_back(o.info.meta.name);
  }
  void checkpoint(const Checkpoint& c) override {
    for (const auto& name : awaiting) {
      confirmed_by[name] = c.sequence;
      if (outcomes[name].verification == Verification::pending)
        outcomes[name].verification = Verification::verified;
    }
    awaiting.clear();
  }
  void resumed(const DamagedRange& range) override {
    resumed_after.push_back(range);
    unconfirmed();
  }
  void unconfirmed() {
    for (const auto& name : awaiting) {
      if (outcomes[name].verification == Verification::pending)
        outcomes[name].verification = Verification::unverified;
    }
    awaiting.clear();
  }
};

std::string entry_name(int i) {
  char name[32];
  std::snprintf(name, sizeof name, "files/data/%03d", i);
  return name;
}

// Entries of incompressible bytes and a checkpoint every 150,000 payload bytes. mixed()
// alternates 20,000-byte entries (under the writer's 64 KiB buffer: their pax headers carry
// their digests) with 70,000-byte ones (streamed: only checkpoints carry their digests), so a
// checkpoint follows every 4th entry and each zstd frame spans 3 chunks; of 54 entries, 2 are
// left for the final frame, which spans 2 chunks.
struct Sample {
  std::vector<uint8_t> package;
  std::vector<Identity> identities;  // none for an unencrypted package
  std::map<std::string, std::string> contents;
  std::size_t header = 0;
  std::vector<std::size_t> frame_starts;         // chunk slots that start a zstd frame
  std::vector<std::vector<std::string>> frames;  // the entries of each frame, in order
};

std::vector<std::size_t> mixed(int count) {
  std::vector<std::size_t> sizes;
  for (int i = 0; i < count; ++i) sizes.push_back(i % 2 ? kStreamedBytes : kEntryBytes);
  return sizes;
}

Sample make_sample(const std::vector<std::size_t>& sizes = mixed(54), bool finish = true,
                   std::string_view passphrase = {}) {
  static SeededRandom rng(7);
  static FixedClock clock(1763710000'000000000);
  WriterOptions o;
  o.encrypt = false;
  o.random = &rng;
  o.clock = &clock;
  o.zstd_workers = 0;
  o.buffer_bytes = 4096;
  o.checkpoint_bytes = 150000;
  o.sync_at_checkpoints = false;
  Sample s;
  if (!passphrase.empty()) {
    o.encrypt = true;
    o.recipients.push_back(PassphraseRecipient{make_secure_string(passphrase), kMinScryptLog2N});
    s.identities.push_back(PassphraseIdentity{make_secure_string(passphrase)});
  }
  MemorySink sink;
  {
    PackageWriter w(sink, o);
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      EntryMeta m;
      m.name = entry_name(static_cast<int>(i));
      m.size = sizes[i];
      m.mode = 0644;
      s.contents[m.name] = pseudo_random_text(sizes[i], static_cast<uint32_t>(i) + 1);
      StringSource src(s.contents[m.name]);
      w.add_stream(src, m);
    }
    if (finish) w.finish();
  }
  s.package = sink.bytes;
  MemorySource in(s.package);
  s.header = read_header(in).header_bytes;
  return s;
}

ReadOptions salvage_options() {
  ReadOptions r;
  r.salvage = true;
  return r;
}

ReadReport salvage(const std::vector<uint8_t>& pkg, Collect& c) {
  MemorySource src(pkg);
  ReadReport r = read_package(src, salvage_options(), c);
  EXPECT_FALSE(c.open) << "an entry was left open";
  c.unconfirmed();
  return r;
}

// Fills frame_starts (by decrypting the clean package chunk by chunk) and frames (from which
// checkpoint confirmed each entry of a clean read).
void map_layout(Sample& s) {
  MemorySource in(s.package);
  HeaderInfo h = read_header(in);
  SecureBytes file_key = unlock_file_key(h, s.identities, ReaderLimits{});
  detail::Key key = detail::derive_payload_key(file_key, h.payload_salt);
  detail::ChunkOpener opener(in, key, h.chunk_bytes());
  for (std::size_t slot = 0;; ++slot) {
    auto text = opener.next();
    if (text.empty()) break;
    if (text.size() >= 4 && text[0] == 0x28 && text[1] == 0xB5 && text[2] == 0x2F &&
        text[3] == 0xFD)
      s.frame_starts.push_back(slot);
  }
  Collect c;
  MemorySource src(s.package);
  ReadOptions read;
  read.identities = s.identities;
  ReadReport r = read_package(src, read, c);
  ASSERT_TRUE(r.complete);
  std::map<uint64_t, std::vector<std::string>> by_checkpoint;
  for (const auto& [name, seq] : c.confirmed_by) by_checkpoint[seq].push_back(name);
  for (auto& [seq, names] : by_checkpoint) s.frames.push_back(names);  // names sort in order
}

Sample laid_out_sample(const std::vector<std::size_t>& sizes = mixed(54)) {
  Sample s = make_sample(sizes);
  map_layout(s);
  return s;
}

std::size_t offset_of_slot(const Sample& s, std::size_t slot) {
  return s.header + slot * kSealed;
}

// Every entry of the frames listed comes back byte-exact and verified.
void expect_verified(const Sample& s, Collect& c, const std::set<std::size_t>& frames) {
  for (std::size_t f : frames) {
    for (const std::string& name : s.frames[f]) {
      ASSERT_TRUE(c.outcomes.count(name)) << name << " (frame " << f << ") not recovered";
      EXPECT_EQ(c.outcomes[name].verification, Verification::verified) << name;
      EXPECT_EQ(c.bytes[name], s.contents.at(name)) << name;
    }
  }
}

// Entries of a damaged frame: read intact but unconfirmed, cut short, or never reached.
struct FrameLoss {
  std::size_t unverified = 0, cut = 0, missing = 0;
};
FrameLoss loss_in(const Sample& s, Collect& c, std::size_t frame) {
  FrameLoss l;
  for (const std::string& name : s.frames[frame]) {
    if (!c.outcomes.count(name)) {
      ++l.missing;
      continue;
    }
    const EntryOutcome& o = c.outcomes[name];
    if (o.verification == Verification::unverified) {
      EXPECT_EQ(c.bytes[name], s.contents.at(name)) << name;
      ++l.unverified;
    } else {
      EXPECT_EQ(o.verification, Verification::incomplete) << name;
      ++l.cut;
    }
  }
  return l;
}

std::set<std::size_t> all_frames_but(const Sample& s, std::set<std::size_t> damaged) {
  std::set<std::size_t> out;
  for (std::size_t f = 0; f < s.frames.size(); ++f)
    if (!damaged.count(f)) out.insert(f);
  return out;
}

TEST(SalvageLayout, SampleHasManyFramesEachSpanningSeveralChunks) {
  Sample s = laid_out_sample();
  ASSERT_GE(s.frames.size(), 6u);
  ASSERT_EQ(s.frame_starts.size(), s.frames.size());
  EXPECT_EQ(s.frame_starts[0], 0u);
  for (std::size_t i = 1; i < s.frame_starts.size(); ++i)
    EXPECT_GE(s.frame_starts[i] - s.frame_starts[i - 1], 3u) << "frame " << i - 1;
  EXPECT_EQ(s.frames[0].size(), 4u);
  EXPECT_EQ(s.frames.back().size(), 2u);
}

TEST(Salvage, BitFlipInAMiddleChunkLosesOnlyItsFrame) {
  Sample s = laid_out_sample();
  const std::size_t k = 2;
  const std::size_t bad = s.frame_starts[k] + 1;
  s.package[offset_of_slot(s, bad) + 500] ^= 0x04;

  Collect c;
  ReadReport r = salvage(s.package, c);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->error_class(), ErrorClass::chunk_auth);
  EXPECT_FALSE(r.complete);
  expect_verified(s, c, all_frames_but(s, {k}));

  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  EXPECT_EQ(d.cause, ErrorClass::chunk_auth);
  EXPECT_EQ(d.first_chunk, bad);
  EXPECT_EQ(d.end_chunk, s.frame_starts[k + 1]);
  EXPECT_EQ(d.offset, offset_of_slot(s, bad));
  EXPECT_EQ(d.bytes, (d.end_chunk - d.first_chunk) * kSealed);
  EXPECT_EQ(d.authentic_chunks, s.frame_starts[k + 1] - bad - 1);
  EXPECT_TRUE(d.resumed);
  EXPECT_EQ(d.resume_counter, s.frame_starts[k + 1]);
  EXPECT_EQ(d.checkpoints_lost, 1u);
  EXPECT_TRUE(d.chain_broken);

  // Entries of frame k decoded before the damage are intact but unconfirmed; an entry whose
  // data had begun is cut short (zstd emits whole blocks, so there may be none); the rest are
  // never reached.
  FrameLoss l = loss_in(s, c, k);
  EXPECT_LE(l.cut, 1u);
  EXPECT_GE(l.missing, 1u);
  EXPECT_EQ(d.cut_short.size(), l.cut);
  EXPECT_EQ(d.unconfirmed, l.unverified);
  EXPECT_EQ(d.entries_lost, l.cut + l.missing);
  EXPECT_EQ(l.unverified + l.cut + l.missing, s.frames[k].size());
  EXPECT_EQ(r.lost.size(), l.cut);
  EXPECT_EQ(r.unverified.size(), l.unverified);

  // What was read after the range: every later entry, each verified by its checkpoint.
  std::size_t later = 0;
  for (std::size_t f = k + 1; f < s.frames.size(); ++f) later += s.frames[f].size();
  ASSERT_EQ(d.recovered.size(), later);
  for (const RecoveredEntry& e : d.recovered) {
    EXPECT_EQ(e.verification, Verification::verified) << e.name;
    EXPECT_EQ(c.outcomes[e.name].after_damage, 1u) << e.name;
  }
  EXPECT_EQ(c.outcomes[s.frames[0][0]].after_damage, 0u);
  ASSERT_EQ(c.resumed_after.size(), 1u);
  EXPECT_EQ(r.checkpoints, s.frames.size() - 1);  // all but the one in the damaged frame
}

TEST(Salvage, EntryRunningAcrossTheDamageIsCutShortAndNamed) {
  // Frame 0: two streamed entries, then one of 400,000 bytes spanning chunks 2..8.
  std::vector<std::size_t> sizes = {kStreamedBytes, kStreamedBytes, 400000};
  for (int i = 0; i < 12; ++i) sizes.push_back(kStreamedBytes);
  Sample s = laid_out_sample(sizes);
  const std::string big = entry_name(2);
  ASSERT_EQ(s.frames[0].back(), big);
  ASSERT_GE(s.frame_starts[1], 8u);
  s.package[offset_of_slot(s, 5) + 1234] ^= 0x40;

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {0}));
  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  ASSERT_EQ(d.cut_short, std::vector<std::string>{big});
  ASSERT_EQ(r.lost.size(), 1u);
  EXPECT_EQ(r.lost[0].verification, Verification::incomplete);
  EXPECT_EQ(c.outcomes[big].verification, Verification::incomplete);
  EXPECT_LT(c.bytes[big].size(), 400000u);
  EXPECT_EQ(c.bytes[big], s.contents[big].substr(0, c.bytes[big].size())) << "an authentic prefix";
  EXPECT_EQ(d.unconfirmed, 2u) << "the entries before it lost their checkpoint";
  EXPECT_EQ(r.unverified.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(c.outcomes[entry_name(i)].verification, Verification::unverified);
    EXPECT_EQ(c.bytes[entry_name(i)], s.contents[entry_name(i)]);
  }
  EXPECT_EQ(d.entries_lost, 1u);
  EXPECT_EQ(d.end_chunk, s.frame_starts[1]);
}

TEST(Salvage, DroppedRunOfChunksAcrossAFrameBoundary) {
  Sample s = laid_out_sample();
  // Drop from inside frame 2 to inside frame 3: both frames are lost, frame 4 starts at a
  // counter the file position no longer matches.
  const std::size_t from = s.frame_starts[2] + 1, to = s.frame_starts[3] + 2;
  s.package.erase(s.package.begin() + static_cast<long>(offset_of_slot(s, from)),
                  s.package.begin() + static_cast<long>(offset_of_slot(s, to)));

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {2, 3}));
  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  EXPECT_EQ(d.first_chunk, from);
  EXPECT_EQ(d.end_chunk, s.frame_starts[4] - (to - from));
  EXPECT_EQ(d.resume_counter, s.frame_starts[4]);
  EXPECT_EQ(d.checkpoints_lost, 2u);
  EXPECT_TRUE(d.chain_broken);
  FrameLoss l2 = loss_in(s, c, 2), l3 = loss_in(s, c, 3);
  EXPECT_EQ(l3.missing, s.frames[3].size());
  EXPECT_EQ(d.entries_lost, l2.cut + l2.missing + l3.missing);
  EXPECT_EQ(r.failure->error_class(), ErrorClass::chunk_auth);
}

TEST(Salvage, OneChunkOfGarbageBeforeAFrameLosesNothing) {
  Sample s = laid_out_sample();
  const std::size_t at = s.frame_starts[3];
  std::string junk = pseudo_random_text(kSealed, 99);
  s.package.insert(s.package.begin() + static_cast<long>(offset_of_slot(s, at)), junk.begin(),
                   junk.end());

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {}));
  EXPECT_TRUE(r.lost.empty());
  EXPECT_TRUE(r.unverified.empty());
  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  EXPECT_EQ(d.first_chunk, at);
  EXPECT_EQ(d.end_chunk, at + 1);
  EXPECT_EQ(d.bytes, kSealed);
  EXPECT_EQ(d.resume_counter, at) << "the chunk after the garbage has the expected counter";
  EXPECT_EQ(d.entries_lost, 0u);
  EXPECT_EQ(d.checkpoints_lost, 0u);
  EXPECT_FALSE(d.chain_broken) << "nothing lay in the garbage: the chain still links";
  EXPECT_EQ(r.checkpoints, s.frames.size());
  EXPECT_FALSE(r.complete) << "damage was found, even if nothing was lost";
}

TEST(Salvage, OneChunkOfGarbageInsideAFrame) {
  Sample s = laid_out_sample();
  const std::size_t at = s.frame_starts[1] + 1;
  std::string junk(kSealed, '\0');  // a zeroed sector run
  s.package.insert(s.package.begin() + static_cast<long>(offset_of_slot(s, at)), junk.begin(),
                   junk.end());

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {1}));
  ASSERT_EQ(r.damaged.size(), 1u);
  EXPECT_EQ(r.damaged[0].first_chunk, at);
  EXPECT_EQ(r.damaged[0].end_chunk, s.frame_starts[2] + 1);
  EXPECT_EQ(r.damaged[0].resume_counter, s.frame_starts[2]);
  EXPECT_GE(r.damaged[0].authentic_chunks, 1u)
      << "the rest of frame 1 authenticates but cannot decode";
}

TEST(Salvage, DamageInTheLastCheckpointRegionEndsTheReadThere) {
  Sample s = laid_out_sample();
  const std::size_t last = (s.package.size() - s.header) / kSealed - 1;
  ASSERT_GT(last, s.frame_starts.back()) << "the final frame spans two chunks";
  s.package[offset_of_slot(s, last) + 10] ^= 0x80;

  Collect c;
  ReadReport r = salvage(s.package, c);
  std::size_t f = s.frames.size() - 1;
  expect_verified(s, c, all_frames_but(s, {f}));
  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  EXPECT_EQ(d.first_chunk, last);
  EXPECT_EQ(d.end_chunk, last + 1);
  EXPECT_FALSE(d.resumed);
  EXPECT_FALSE(d.entries_lost) << "no checkpoint after the range says how many";
  FrameLoss l = loss_in(s, c, f);
  EXPECT_EQ(l.unverified + l.cut + l.missing, s.frames[f].size());
  EXPECT_EQ(r.checkpoints, s.frames.size() - 1) << "the final manifest is lost";
  EXPECT_EQ(r.failure->error_class(), ErrorClass::chunk_auth);
}

TEST(Salvage, DamageInTheFirstChunkAfterTheHeader) {
  Sample s = laid_out_sample();
  s.package[s.header + 3] ^= 0x01;

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {0}));
  FrameLoss l = loss_in(s, c, 0);
  EXPECT_EQ(l.missing, s.frames[0].size());
  ASSERT_EQ(r.damaged.size(), 1u);
  const DamagedRange& d = r.damaged[0];
  EXPECT_EQ(d.first_chunk, 0u);
  EXPECT_EQ(d.offset, s.header);
  EXPECT_EQ(d.end_chunk, s.frame_starts[1]);
  EXPECT_EQ(d.entries_lost, s.frames[0].size());
  EXPECT_EQ(d.checkpoints_lost, 1u);
  EXPECT_TRUE(d.chain_broken);
  EXPECT_TRUE(d.cut_short.empty()) << "no entry had begun";
}

TEST(Salvage, TwoDamagedRangesAreReportedSeparately) {
  Sample s = laid_out_sample();
  s.package[offset_of_slot(s, s.frame_starts[1] + 1) + 7] ^= 0x20;
  s.package[offset_of_slot(s, s.frame_starts[4]) + 7] ^= 0x20;

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, all_frames_but(s, {1, 4}));
  ASSERT_EQ(r.damaged.size(), 2u);
  EXPECT_EQ(r.damaged[0].resume_counter, s.frame_starts[2]);
  EXPECT_EQ(r.damaged[1].first_chunk, s.frame_starts[4]);
  EXPECT_EQ(r.damaged[1].resume_counter, s.frame_starts[5]);
  EXPECT_EQ(r.damaged[1].entries_lost, s.frames[4].size());
  // Frames 2 and 3 were read between the ranges: recovered after the first one.
  EXPECT_EQ(r.damaged[0].recovered.size(), s.frames[2].size() + s.frames[3].size());
  EXPECT_EQ(c.outcomes[s.frames[5][0]].after_damage, 2u);
  EXPECT_EQ(c.resumed_after.size(), 2u);
}

TEST(Salvage, TruncationAfterDamageEndsTheRangeAtTheEndOfTheFile) {
  Sample s = laid_out_sample();
  s.package[offset_of_slot(s, s.frame_starts[3] + 1)] ^= 0x01;
  s.package.resize(offset_of_slot(s, s.frame_starts[3] + 2) + 1000);

  Collect c;
  ReadReport r = salvage(s.package, c);
  expect_verified(s, c, {0, 1, 2});
  ASSERT_EQ(r.damaged.size(), 1u);
  EXPECT_FALSE(r.damaged[0].resumed);
  EXPECT_EQ(r.damaged[0].end_chunk, s.frame_starts[3] + 2);
  EXPECT_EQ(r.damaged[0].bytes, kSealed + 1000);
  EXPECT_EQ(r.failure->error_class(), ErrorClass::chunk_auth);
}

TEST(Salvage, TruncatedPackageIsOneRangeThatDoesNotResume) {
  Sample s = make_sample(mixed(30), false);  // an interrupted collection: no final chunk
  Collect c;
  ReadReport r = salvage(s.package, c);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->error_class(), ErrorClass::truncated);
  ASSERT_EQ(r.damaged.size(), 1u);
  EXPECT_EQ(r.damaged[0].cause, ErrorClass::truncated);
  EXPECT_FALSE(r.damaged[0].resumed);
  EXPECT_EQ(r.damaged[0].first_chunk, (s.package.size() - s.header) / kSealed);
  std::size_t verified = 0;
  for (const auto& [name, o] : c.outcomes) verified += o.verification == Verification::verified;
  EXPECT_EQ(verified, 28u) << "seven checkpoints of 4 entries were sealed";
  EXPECT_EQ(r.damaged[0].unconfirmed + r.damaged[0].cut_short.size() + verified, c.outcomes.size());
}

TEST(Salvage, TrailingDataStillGivesTheFinalChunk) {
  Sample s = laid_out_sample();
  std::vector<uint8_t> pkg = s.package;
  pkg.insert(pkg.end(), {'j', 'u', 'n', 'k'});
  Collect c;
  ReadReport r = salvage(pkg, c);
  expect_verified(s, c, all_frames_but(s, {}));
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->error_class(), ErrorClass::trailing_data);
  ASSERT_EQ(r.damaged.size(), 1u);
  EXPECT_EQ(r.damaged[0].cause, ErrorClass::trailing_data);
  EXPECT_EQ(r.damaged[0].offset, s.package.size());
  EXPECT_EQ(r.checkpoints, s.frames.size());
}

TEST(Salvage, UndamagedPackageReadsCompleteWithNoRanges) {
  Sample s = laid_out_sample();
  Collect c;
  ReadReport r = salvage(s.package, c);
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.failure);
  EXPECT_TRUE(r.damaged.empty());
  expect_verified(s, c, all_frames_but(s, {}));
}

TEST(Salvage, NormalModeStillFailsAtTheFirstDamage) {
  Sample s = laid_out_sample();
  s.package[offset_of_slot(s, s.frame_starts[2] + 1) + 500] ^= 0x04;
  MemorySource src(s.package);
  Collect c;
  try {
    read_package(src, ReadOptions{}, c);
    ADD_FAILURE() << "a damaged package read without error";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::chunk_auth);
  }
  EXPECT_FALSE(c.outcomes.count(s.frames.back().back())) << "nothing after the damage";
}

// Random damage of every kind after the header: salvage never throws, and every byte it hands
// over is the package's own: entries read intact equal what was stored, entries cut short are a
// prefix of it, and everything the report counts adds up.
TEST(Salvage, RandomDamageNeverReleasesForeignBytes) {
  Sample s = laid_out_sample(mixed(30));
  uint32_t seed = 12345;
  auto next = [&](std::size_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<std::size_t>((seed >> 8) % bound);
  };
  std::size_t resumed = 0, recovered_after = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<uint8_t> pkg = s.package;
    for (int edits = 1 + static_cast<int>(next(3)); edits > 0; --edits) {
      std::size_t at = s.header + next(pkg.size() - s.header);
      std::size_t chunks = 1 + next(4);
      switch (next(5)) {
        case 0:
          pkg[at] ^= static_cast<uint8_t>(1 + next(255));
          break;
        case 1: {  // drop whole chunks
          std::size_t from = s.header + (at - s.header) / kSealed * kSealed;
          pkg.erase(pkg.begin() + static_cast<long>(from),
                    pkg.begin() + static_cast<long>(std::min(pkg.size(), from + chunks * kSealed)));
          break;
        }
        case 2: {  // insert chunk-sized garbage, or a few bytes
          std::string junk = pseudo_random_text(next(2) ? chunks * kSealed : 1 + next(100), seed);
          pkg.insert(pkg.begin() + static_cast<long>(at), junk.begin(), junk.end());
          break;
        }
        case 3:  // zero a run
          std::fill(pkg.begin() + static_cast<long>(at),
                    pkg.begin() + static_cast<long>(std::min(pkg.size(), at + next(3 * kSealed))),
                    0);
          break;
        default:
          pkg.resize(at);
          break;
      }
      if (pkg.size() <= s.header) break;
    }
    Collect c;
    ReadReport r;
    try {
      r = salvage(pkg, c);
    } catch (const Error& e) {
      ADD_FAILURE() << "round " << round << ": salvage threw " << e.what();
      continue;
    }
    EXPECT_EQ(r.complete, !r.failure) << round;
    EXPECT_EQ(r.complete, r.damaged.empty()) << round;
    std::size_t recovered = 0, cut = 0;
    for (const auto& [name, o] : c.outcomes) {
      const std::string& stored = s.contents.at(name);
      if (o.verification == Verification::incomplete) {
        EXPECT_EQ(c.bytes[name], stored.substr(0, c.bytes[name].size())) << round << " " << name;
        ++cut;
      } else {
        EXPECT_EQ(c.bytes[name], stored) << round << " " << name;
        EXPECT_TRUE(o.verification == Verification::verified ||
                    o.verification == Verification::unverified)
            << round << " " << name;
      }
    }
    for (const DamagedRange& d : r.damaged) {
      recovered += d.recovered.size();
      resumed += d.resumed;
      EXPECT_LE(d.first_chunk, d.end_chunk) << round;
      for (const RecoveredEntry& e : d.recovered) {
        EXPECT_NE(e.verification, Verification::pending) << round;
        EXPECT_EQ(e.verification, c.outcomes[e.name].verification) << round << " " << e.name;
      }
    }
    EXPECT_EQ(cut, r.lost.size()) << round;
    EXPECT_LE(recovered, r.entries) << round;
    recovered_after += recovered;
  }
  EXPECT_GE(resumed, 20u) << "the damage should often leave something to resume at";
  EXPECT_GE(recovered_after, 100u);
}

// --- a package for the CLI test -----------------------------------------------------------------

// tests/cli/biunzip_salvage_resync.sh runs this with SALVAGE_FIXTURE_DIR set to get a real
// package with many checkpoints, its layout and the digests of its entries. Without the variable
// the files go to a temporary directory, and the test checks what it wrote either way.
TEST(SalvageFixture, WritesAPackageWithItsLayout) {
  test::ScratchDir tmp;
  const char* env = std::getenv("SALVAGE_FIXTURE_DIR");
  std::string dir = env && *env ? env : tmp / "";
  const std::string passphrase = "salvage test passphrase";
  Sample s = make_sample(mixed(54), true, passphrase);
  map_layout(s);
  write_file(dir + "/resync.ppc", s.package, true);
  write_file(dir + "/passphrase.txt", as_bytes(passphrase + "\n"), true);
  std::ofstream layout(dir + "/layout.txt");
  layout << "header " << s.header << "\nsealed " << kSealed << "\nchunks "
         << (s.package.size() - s.header) / kSealed << "\nframes";
  for (std::size_t f : s.frame_starts) layout << ' ' << f;
  layout << "\n";
  for (std::size_t f = 0; f < s.frames.size(); ++f) {
    layout << "frame" << f;
    for (const std::string& name : s.frames[f]) layout << ' ' << name;
    layout << "\n";
  }
  ASSERT_TRUE(layout.good());
  std::ofstream sums(dir + "/entries.sha256");
  for (const auto& [name, content] : s.contents)
    sums << to_hex(sha256(as_bytes(content))) << "  " << name << "\n";
  ASSERT_TRUE(sums.good());
  EXPECT_EQ(read_file(dir + "/resync.ppc"), s.package);
  EXPECT_GE(s.frame_starts.size(), 8u);
}

// --- the chunk locator ---------------------------------------------------------------------------

TEST(ChunkLocator, FindsEachChunksCounterAndLastFlag) {
  Sample s = make_sample(mixed(20));
  MemorySource in(s.package);
  HeaderInfo h = read_header(in);
  detail::Key key =
      detail::derive_payload_key(unlock_file_key(h, {}, ReaderLimits{}), h.payload_salt);
  detail::ChunkLocator locator(key, kChunk);
  std::size_t slots = (s.package.size() - s.header) / kSealed;
  ASSERT_GE(slots, 5u);
  for (std::size_t i = 0; i < slots; ++i) {
    auto at = locator.locate({s.package.data() + offset_of_slot(s, i), kSealed});
    ASSERT_TRUE(at) << "chunk " << i;
    EXPECT_EQ(at->counter, i);
    EXPECT_EQ(at->last, i + 1 == slots);
  }
  std::vector<uint8_t> flipped(s.package.begin() + static_cast<long>(s.header),
                               s.package.begin() + static_cast<long>(s.header + kSealed));
  flipped[100] ^= 1;
  EXPECT_FALSE(locator.locate(flipped));
  std::string junk = pseudo_random_text(kSealed, 5);
  EXPECT_FALSE(locator.locate({reinterpret_cast<const uint8_t*>(junk.data()), junk.size()}));
  EXPECT_FALSE(locator.locate({s.package.data() + s.header, kSealed - 1})) << "wrong size";
}

TEST(ChunkLocator, FindsCountersFarBeyondAnyWindow) {
  detail::Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 13 + 1);
  detail::Aead aead(key);
  detail::ChunkLocator locator(key, 4096);
  std::string text = pseudo_random_text(4096, 3);
  std::vector<uint8_t> sealed(4096 + 16);
  for (uint64_t counter : {uint64_t{0}, uint64_t{1024}, uint64_t{5'000'000}, UINT64_MAX}) {
    for (bool last : {false, true}) {
      aead.seal(detail::chunk_nonce(counter, last),
                {reinterpret_cast<const uint8_t*>(text.data()), 4096}, sealed.data());
      auto at = locator.locate(sealed);
      ASSERT_TRUE(at) << counter;
      EXPECT_EQ(at->counter, counter);
      EXPECT_EQ(at->last, last);
    }
  }
}

}  // namespace
