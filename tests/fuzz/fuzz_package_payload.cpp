// The payload behind the encryption. The fuzzer's bytes become the plaintext of a package
// sealed under a known key, so mutations reach what a chunk-authentication failure hides from
// fuzz_package_reader: zstd framing, the tar reader, pax digests and status, checkpoints, the
// final manifest and the signature record. (Only the holder of the file key can make such a
// package, but the reader must still never crash or mis-report on it.)
//
// Input: one mode byte, then the payload. Mode bit 0 clear: the rest is tar, compressed here
// with zstd as the writer does; set: the rest is the zstd stream itself.
#include <zstd.h>

#include <array>
#include <vector>

#include "chunk_opener.hpp"
#include "chunk_sealer.hpp"
#include "crypto.hpp"
#include "fuzz_keys_support.hpp"
#include "fuzz_support.hpp"
#include "ppc/header.hpp"
#include "ppc/reader.hpp"
#include "stanza.hpp"

namespace {

using namespace ppc;

constexpr uint8_t kSmallChunkLog2 = 12;  // the smallest the format allows: cheap inputs
constexpr std::array<uint8_t, 32> kFileKey = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                              12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                              23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

void put_u32le(std::vector<uint8_t>& v, uint32_t x) {
  for (int i = 0; i < 4; ++i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}

// docs/FORMAT.md, "Header": one plaintext-key stanza, then the header MAC.
std::vector<uint8_t> header_bytes(const std::array<uint8_t, 16>& salt) {
  Stanza s = detail::plaintext_key_stanza(kFileKey);
  std::vector<uint8_t> h(kMagic.begin(), kMagic.end());
  h.insert(h.end(), {kVersionMajor, kVersionMinor, kCipherAes256Gcm, kCompressionZstd,
                     kSmallChunkLog2, 0, 1, 0});
  h.insert(h.end(), salt.begin(), salt.end());
  h.insert(h.end(), {static_cast<uint8_t>(s.type), 0, static_cast<uint8_t>(s.body.size()),
                     static_cast<uint8_t>(s.body.size() >> 8)});
  h.insert(h.end(), s.body.begin(), s.body.end());
  detail::Key header_key = detail::derive_header_key(kFileKey);
  auto mac = detail::hmac_sha256(header_key, h);
  h.insert(h.end(), mac.begin(), mac.end());
  return h;
}

// Seals `payload` as the writer would. The last chunk holds at most chunk-4 bytes, so a
// payload ending in a chunk's last four bytes is padded with a zstd skippable frame, as the
// writer pads too.
std::vector<uint8_t> seal(std::span<const uint8_t> payload) {
  std::array<uint8_t, 16> salt{};
  MemorySink sink;
  sink.write(header_bytes(salt));
  detail::Key payload_key = detail::derive_payload_key(kFileKey, salt);
  detail::ChunkSealer sealer(sink, payload_key, std::size_t{1} << kSmallChunkLog2);
  sealer.write(payload);
  if (sealer.buffered() > sealer.last_capacity()) {
    std::size_t frame = sealer.chunk_bytes() - sealer.buffered() + 8;
    std::vector<uint8_t> pad;
    put_u32le(pad, 0x184D2A50);  // skippable frame magic
    put_u32le(pad, static_cast<uint32_t>(frame - 8));
    pad.resize(frame, 0);
    sealer.write(pad);
  }
  sealer.finish();
  return std::move(sink.bytes);
}

std::vector<uint8_t> zstd_compress(std::span<const uint8_t> tar) {
  std::vector<uint8_t> out(ZSTD_compressBound(tar.size()));
  std::size_t n = ZSTD_compress(out.data(), out.size(), tar.data(), tar.size(), 1);
  ppc_fuzz::require(!ZSTD_isError(n), "zstd compresses any input");
  out.resize(n);
  return out;
}

struct CountingVisitor final : EntryVisitor {
  bool wants_internal() const override { return true; }
  uint64_t entries = 0;
  void end(const EntryOutcome&) override { ++entries; }
};

ReadReport read(std::span<const uint8_t> package, bool salvage, CountingVisitor& v) {
  MemorySource in(package);
  ReadOptions opt;
  opt.limits = ppc_fuzz::fuzz_limits();
  opt.salvage = salvage;
  return read_package(in, opt, v);
}

}  // namespace

PPC_FUZZ_TARGET {
  if (size == 0) return 0;
  std::span<const uint8_t> rest(data + 1, size - 1);
  std::vector<uint8_t> package =
      seal((data[0] & 1) ? std::vector<uint8_t>(rest.begin(), rest.end()) : zstd_compress(rest));
  bool normal_ok = false;
  CountingVisitor normal;
  ppc_fuzz::tolerate([&] {
    read(package, false, normal);
    normal_ok = true;
  });
  // The header and every chunk are sound, so salvage mode must report, never throw.
  CountingVisitor salvaged;
  ReadReport r;
  try {
    r = read(package, true, salvaged);
  } catch (const Error& e) {
    std::fprintf(stderr, "salvage threw: %s\n", e.what());
    ppc_fuzz::require(false, "salvage mode throws on a package with a sound header and chunks");
  }
  ppc_fuzz::require(r.complete != r.failure.has_value(), "salvage: complete or a failure");
  if (normal_ok)
    ppc_fuzz::require(r.complete && salvaged.entries == normal.entries,
                      "salvage agrees with a normal read that succeeded");
  return 0;
}
