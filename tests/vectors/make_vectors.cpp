// Writes the PPC test vectors (docs/FORMAT.md, "Test vectors") into a directory:
//   make_vectors OUT_DIR KEYS_DIR
// Keys come from KEYS_DIR (committed beside this file); randomness and time are seeded, so
// every vector but the RSA one (OAEP draws its own randomness) is byte-for-byte reproducible.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/keys.hpp"
#include "ppc/writer.hpp"

namespace {

using namespace ppc;

constexpr int64_t kTime = 1763710000'000000000;  // 2025-11-21T07:26:40Z
constexpr std::size_t kSealedChunk = (1u << 16) + 16;

std::string text_of(const std::string& path) {
  auto b = read_file(path);
  return std::string(b.begin(), b.end());
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The same small evidence set in every vector: two small files, one that spans several chunks
// (incompressible, streamed past the writer's buffer), a table and a symlink.
std::vector<uint8_t> package(WriterOptions opt, uint64_t seed) {
  SeededRandom random(seed);
  FixedClock clock(kTime, 1'000'000);
  opt.random = &random;
  opt.clock = &clock;
  opt.zstd_workers = 0;
  opt.buffer_bytes = 64 * 1024;
  MemorySink sink;
  PackageWriter w(sink, std::move(opt));
  auto meta = [](std::string name, uint64_t size) {
    EntryMeta m;
    m.name = std::move(name);
    m.size = size;
    m.mode = 0644;
    m.uname = m.gname = "root";
    m.mtime = Timestamp{1763700000, 0};
    return m;
  };
  w.add_text(meta("files/etc/hostname", 6), "asset\n");
  w.add_text(meta("files/etc/passwd", 32), "root:x:0:0:root:/root:/bin/bash\n");
  std::vector<uint8_t> big(140 * 1024);
  SeededRandom filler(99);
  filler.fill(big);
  w.add_bytes(meta("files/var/log/blob.bin", big.size()), big);
  w.add_text(meta("live/system_info/hosts.jsonl", 21), "{\"hostname\":\"asset\"}\n");
  EntryMeta link = meta("files/etc/localtime", 0);
  link.symlink_target = "/usr/share/zoneinfo/UTC";
  w.add_symlink(link);
  w.finish();
  return sink.bytes;
}

std::size_t header_bytes(const std::vector<uint8_t>& pkg) {
  // Header length: fixed 32 bytes, stanzas (4-byte heads + bodies), 32-byte MAC.
  std::size_t count = pkg[14] | pkg[15] << 8, pos = 32;
  for (std::size_t i = 0; i < count; ++i) pos += 4 + (pkg[pos + 2] | pkg[pos + 3] << 8);
  return pos + 32;
}

void save(const std::string& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  write_file(dir + "/" + name, bytes, true);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_vectors OUT_DIR KEYS_DIR\n");
    return 2;
  }
  std::string out = argv[1], keys = argv[2];
  try {
    auto pass = make_secure_string(trimmed(text_of(keys + "/pass.txt")));
    WriterOptions by_pass;
    by_pass.recipients.push_back(PassphraseRecipient{pass, kMinScryptLog2N});
    auto pass_pkg = package(by_pass, 1);
    save(out, "passphrase.ppc", pass_pkg);

    auto id = parse_identity_file(text_of(keys + "/x25519.key"), "x25519.key").at(0);
    WriterOptions by_key;
    by_key.recipients.push_back(X25519Recipient{id.public_key});
    save(out, "x25519.ppc", package(by_key, 2));

    WriterOptions by_cert;
    by_cert.recipients.push_back(load_rsa_recipient_pem(text_of(keys + "/rsa.crt"), "rsa.crt"));
    save(out, "rsa.ppc", package(by_cert, 3));

    WriterOptions plain;
    plain.encrypt = false;
    save(out, "unencrypted.ppc", package(plain, 4));

    SigningKey signer = load_signing_key_pem(text_of(keys + "/signing.pem"), "signing.pem");
    WriterOptions signed_opt = by_pass;
    signed_opt.signing_key = &signer;
    save(out, "signed.ppc", package(signed_opt, 5));

    // One vector per failure class, each derived from the passphrase package.
    std::size_t h = header_bytes(pass_pkg);
    auto v = pass_pkg;
    v[20] ^= 0x01;  // payload salt, covered by the header MAC
    save(out, "bad-header-mac.ppc", v);
    v = pass_pkg;
    v[32 + 4 + 16] = 21;  // the passphrase stanza's log2 N, read before the MAC can be checked
    save(out, "work-factor-over-cap.ppc", v);
    v = pass_pkg;
    v.resize(v.size() - kSealedChunk);
    save(out, "truncated-at-chunk-boundary.ppc", v);
    v = pass_pkg;
    v.resize(v.size() - 1000);
    save(out, "truncated-mid-chunk.ppc", v);
    v = pass_pkg;
    std::swap_ranges(v.begin() + static_cast<long>(h),
                     v.begin() + static_cast<long>(h + kSealedChunk),
                     v.begin() + static_cast<long>(h + kSealedChunk));
    save(out, "reordered-chunks.ppc", v);
    v = pass_pkg;
    v[h + 1000] ^= 0x04;
    save(out, "flipped-bit.ppc", v);
    v = pass_pkg;
    for (char c : std::string("trailing garbage")) v.push_back(static_cast<uint8_t>(c));
    save(out, "trailing-garbage.ppc", v);
    v = pass_pkg;
    v[0] = 'P';
    save(out, "not-a-package.ppc", v);
  } catch (const Error& e) {
    std::fprintf(stderr, "make_vectors: %s\n", e.what());
    return 1;
  }
  return 0;
}
