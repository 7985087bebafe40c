// The end of the payload (formats/src/payload_decoder.*): a package whose decompressed payload
// ends exactly where the decoder's output buffer fills (a multiple of ZSTD_DStreamOutSize(),
// 128 KiB) is complete. Issue #22 item 1: such packages were rejected with "payload ends inside
// a zstd frame" although every frame was whole; which runs hit it depended only on how many tar
// bytes the run wrote, so a limit stop that always landed on the same file failed every time.
#include <gtest/gtest.h>
#include <zstd.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/reader.hpp"
#include "ppc/writer.hpp"

namespace {

using namespace ppc;

struct Collect : EntryVisitor {
  std::string bytes;
  bool wants_internal() const override { return false; }
  void data(std::span<const uint8_t> b) override {
    bytes.append(reinterpret_cast<const char*>(b.data()), b.size());
  }
};

// Compressible, like the logs a run stores: zstd then writes compressed blocks, which are
// decoded whole, so the decoder's output is cut exactly at 128 KiB (stored blocks of random
// bytes are copied out as their input arrives, chunk by chunk, and hide the defect).
std::string log_text(std::size_t n) {
  std::string s;
  for (uint32_t i = 0; s.size() < n; ++i)
    s += "Nov 21 08:" + std::to_string(10 + i % 50) + " host sshd[" +
         std::to_string(1000 + i * 7 % 9000) + "]: Accepted publickey for user" +
         std::to_string(i % 13) + "\n";
  s.resize(n);
  return s;
}

struct Package {
  std::vector<uint8_t> bytes;
  std::string content;   // of its one entry
  uint64_t payload = 0;  // tar bytes
};

Package write_package(std::size_t content_bytes, int workers) {
  static std::deque<SeededRandom> generators;
  static FixedClock clock(1763710000'000000000);
  WriterOptions o;
  o.encrypt = false;
  o.zstd_workers = workers;
  o.random = &generators.emplace_back(7);
  o.clock = &clock;
  Package p;
  p.content = log_text(content_bytes);
  MemorySink sink;
  PackageWriter w(sink, std::move(o));
  EntryMeta m;
  m.name = "files/var/log/syslog";
  m.mode = 0640;
  w.add_text(m, p.content);
  w.finish();
  p.payload = w.payload_bytes();
  p.bytes = std::move(sink.bytes);
  return p;
}

// A package whose tar stream is exactly `payload` bytes: the entry is resized until the
// writer reports that many (the tar overhead does not depend on the entry's size here).
Package package_with_payload(uint64_t payload, int workers) {
  std::size_t content = payload / 2;
  Package p = write_package(content, workers);
  for (int i = 0; i < 4 && p.payload != payload; ++i) {
    content =
        static_cast<std::size_t>(static_cast<int64_t>(content) + static_cast<int64_t>(payload) -
                                 static_cast<int64_t>(p.payload));
    p = write_package(content, workers);
  }
  EXPECT_EQ(p.payload, payload) << "could not size the payload";
  return p;
}

class PayloadEnd : public ::testing::TestWithParam<int> {};

TEST_P(PayloadEnd, PayloadEndingOnTheDecodersBufferVerifies) {
  const uint64_t out = ZSTD_DStreamOutSize();
  ASSERT_EQ(out, 128u << 10);
  for (uint64_t payload : {3 * out, 8 * out, 16 * out}) {
    SCOPED_TRACE("payload of " + std::to_string(payload) + " bytes");
    Package p = package_with_payload(payload, GetParam());
    MemorySource src(p.bytes);
    Collect c;
    ReadReport r;
    ASSERT_NO_THROW(r = read_package(src, ReadOptions{}, c));
    EXPECT_TRUE(r.complete);
    EXPECT_EQ(r.payload_bytes, payload);
    EXPECT_EQ(c.bytes, p.content);
  }
}

TEST_P(PayloadEnd, SalvageFindsNoDamageAtTheEnd) {
  Package p = package_with_payload(8 * ZSTD_DStreamOutSize(), GetParam());
  MemorySource src(p.bytes);
  ReadOptions o;
  o.salvage = true;
  Collect c;
  ReadReport r = read_package(src, o, c);
  ASSERT_TRUE(r.damaged.empty()) << r.damaged.front().message;
  EXPECT_TRUE(r.complete);
}

TEST_P(PayloadEnd, ExportWritesTheWholeTar) {
  Package p = package_with_payload(8 * ZSTD_DStreamOutSize(), GetParam());
  MemorySource src(p.bytes);
  MemorySink tar;
  ASSERT_NO_THROW(export_payload(src, ReadOptions{}, tar));
  EXPECT_EQ(tar.bytes.size(), p.payload);
}

// 0: one streaming frame on the calling thread; 2: independent 1 MiB frames on a pool.
INSTANTIATE_TEST_SUITE_P(Workers, PayloadEnd, ::testing::Values(0, 2));

}  // namespace
