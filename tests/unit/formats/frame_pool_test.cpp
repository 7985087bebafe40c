// Parallel compression (formats/src/frame_pool.*, payload_encoder.*): blocks compressed as
// independent zstd frames on worker threads must come back in order, decode with plain zstd to
// the exact input, and never let a frame other than the first after a checkpoint start a chunk
// (docs/FORMAT.md, "Compression and alignment").
#include <gtest/gtest.h>
#include <zstd.h>

#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../../../formats/src/chunk_opener.hpp"
#include "../../../formats/src/chunk_sealer.hpp"
#include "../../../formats/src/frame_pool.hpp"
#include "../../../formats/src/payload_encoder.hpp"
#include "../../../formats/src/zstd_handles.hpp"
#include "ppc/io.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"
#include "string_source.hpp"

namespace {

using namespace ppc;
using ppc::test::as_bytes;
using ppc::test::pseudo_random_text;

constexpr std::size_t kChunk = 1u << 16;
constexpr std::array<uint8_t, 4> kZstdMagic{0x28, 0xB5, 0x2F, 0xFD};
constexpr std::array<uint8_t, 4> kSkippableMagic{0x50, 0x2A, 0x4D, 0x18};

std::string decompress_all(std::span<const uint8_t> frames) {
  detail::ZstdDCtx dctx(ZSTD_createDCtx());
  std::string out;
  std::vector<char> buf(ZSTD_DStreamOutSize());
  ZSTD_inBuffer in{frames.data(), frames.size(), 0};
  std::size_t ret = 0;
  while (in.pos < in.size || ret != 0) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    ret = ZSTD_decompressStream(dctx.get(), &o, &in);
    if (ZSTD_isError(ret)) throw std::runtime_error(ZSTD_getErrorName(ret));
    out.append(buf.data(), o.pos);
    if (o.pos == 0 && in.pos == in.size) break;
  }
  EXPECT_EQ(ret, 0u) << "input ends inside a frame";
  return out;
}

// Every chunk's plaintext, in order, of a payload sealed under `key`.
std::vector<std::vector<uint8_t>> open_chunks(const std::vector<uint8_t>& sealed,
                                              std::span<const uint8_t> key) {
  MemorySource src(sealed);
  detail::ChunkOpener opener(src, key, kChunk);
  std::vector<std::vector<uint8_t>> chunks;
  for (auto c = opener.next(); !c.empty(); c = opener.next())
    chunks.emplace_back(c.begin(), c.end());
  return chunks;
}

bool starts_with(const std::vector<uint8_t>& chunk, std::span<const uint8_t, 4> magic) {
  return chunk.size() >= 4 && std::memcmp(chunk.data(), magic.data(), 4) == 0;
}

TEST(FramePool, EmitsFramesInOrderThatDecodeToTheInput) {
  // Mixed writes (tar headers are small, file blocks large) over many blocks and a depth's worth
  // of workers, compressible and not.
  std::string input;
  for (uint32_t i = 0; i < 40; ++i) {
    input += pseudo_random_text(1000 + 37 * i, i);
    input += std::string(5000 + 911 * i, static_cast<char>('a' + i % 26));
  }
  std::vector<uint8_t> frames;
  int count = 0;
  detail::FramePool pool(1, 3, 4096, [&](std::span<const uint8_t> f) {
    EXPECT_EQ(0, std::memcmp(f.data(), kZstdMagic.data(), 4)) << "frame " << count;
    frames.insert(frames.end(), f.begin(), f.end());
    ++count;
  });
  std::size_t at = 0;
  for (std::size_t step = 1; at < input.size(); step = step * 3 % 10007 + 1) {
    std::size_t n = std::min(step, input.size() - at);
    pool.write(as_bytes(std::string_view(input).substr(at, n)));
    at += n;
  }
  pool.flush();
  EXPECT_EQ(count, static_cast<int>((input.size() + 4095) / 4096));
  EXPECT_EQ(decompress_all(frames), input);
  pool.flush();  // nothing pending: no empty frame
  EXPECT_EQ(count, static_cast<int>((input.size() + 4095) / 4096));
}

TEST(FramePool, AFrameThatWouldStartAChunkMidIntervalIsPushedOffTheBoundary) {
  // Incompressible blocks whose frames are exactly one chunk: without care the second frame would
  // start chunk 1 with the zstd magic, where a salvaging reader would take it for a tar header.
  std::size_t block = 0;
  {
    detail::ZstdCCtx cctx = detail::make_zstd_cctx(1);
    std::vector<uint8_t> out(ZSTD_compressBound(kChunk));
    for (std::size_t n = kChunk - 64; n < kChunk && block == 0; ++n) {
      std::string data = pseudo_random_text(n, 99);
      std::size_t size = ZSTD_compress2(cctx.get(), out.data(), out.size(), data.data(), n);
      ASSERT_FALSE(ZSTD_isError(size));
      if (size == kChunk) block = n;
    }
  }
  ASSERT_NE(block, 0u) << "no block size compresses to exactly one chunk";

  std::vector<uint8_t> key(32, 0x42);
  MemorySink sink;
  std::string input = pseudo_random_text(block, 99) + pseudo_random_text(block, 99) +
                      pseudo_random_text(block, 99) + "tail";
  {
    detail::ChunkSealer sealer(sink, key, kChunk);
    detail::PayloadEncoder encoder(sealer, 1, 2, block);
    encoder.write(as_bytes(input));
    encoder.end_frame_for_finish();
    sealer.finish();
  }
  auto chunks = open_chunks(sink.bytes, key);
  ASSERT_GE(chunks.size(), 4u);
  EXPECT_TRUE(starts_with(chunks[0], kZstdMagic)) << "the first frame starts chunk 0";
  for (std::size_t i = 1; i < chunks.size(); ++i)
    EXPECT_FALSE(starts_with(chunks[i], kZstdMagic)) << "chunk " << i << " starts a frame";
  EXPECT_TRUE(starts_with(chunks[1], kSkippableMagic));
  std::vector<uint8_t> payload;
  for (const auto& c : chunks) payload.insert(payload.end(), c.begin(), c.end());
  EXPECT_EQ(decompress_all(payload), input);
}

TEST(FramePool, PackagesCompressedInParallelRoundTripWithCheckpoints) {
  // The writer's default path (zstd_workers > 0): several MiB over many 1 MiB frames, entries
  // across frame boundaries, checkpoints in between; every entry reads back verified.
  SeededRandom rng(5);
  FixedClock clock(1763710000'000000000);
  WriterOptions o;
  o.encrypt = false;
  o.random = &rng;
  o.clock = &clock;
  o.zstd_workers = 2;
  o.checkpoint_bytes = 3u << 20;
  o.sync_at_checkpoints = false;
  std::vector<std::string> contents;
  MemorySink sink;
  {
    PackageWriter w(sink, o);
    for (uint32_t i = 0; i < 12; ++i) {
      std::string c = i % 2 ? pseudo_random_text(700000 + 1000 * i, i)
                            : std::string(900000 + 5000 * i, static_cast<char>('A' + i));
      EntryMeta m;
      m.name = "files/e" + std::to_string(i);
      m.size = c.size();
      m.mode = 0644;
      test::StringSource src(c);
      EXPECT_EQ(w.add_stream(src, m).status, EntryStatus::complete);
      contents.push_back(std::move(c));
    }
    w.finish();
  }
  struct Collect : EntryVisitor {
    std::map<std::string, std::string> bytes;
    std::map<std::string, Verification> verdicts;
    std::string current;
    void begin(const EntryInfo& info) override { bytes[current = info.meta.name]; }
    void data(std::span<const uint8_t> b) override {
      bytes[current].append(reinterpret_cast<const char*>(b.data()), b.size());
    }
    void end(const EntryOutcome& o) override { verdicts[o.info.meta.name] = o.verification; }
  } c;
  MemorySource src(sink.bytes);
  ReadReport rep = read_package(src, ReadOptions{}, c);
  EXPECT_TRUE(rep.complete);
  EXPECT_GE(rep.checkpoints, 3u);
  ASSERT_EQ(c.bytes.size(), contents.size());
  for (std::size_t i = 0; i < contents.size(); ++i) {
    std::string name = "files/e" + std::to_string(i);
    EXPECT_TRUE(c.bytes[name] == contents[i]) << name;
    EXPECT_EQ(c.verdicts[name], Verification::verified) << name;
  }
}

}  // namespace
