// ImageReader (collector --image): the bytes come through unchanged in any read size, read
// failures become zeroed, recorded ranges, and a stop request ends the image between blocks.
#include "../../../collector/src/image_reader.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "asset/block_source.hpp"

namespace collector {
namespace {

class TempFile {
 public:
  explicit TempFile(const std::vector<uint8_t>& bytes) {
    char name[] = "/tmp/image-reader-XXXXXX";
    fd_ = ::mkstemp(name);
    path_ = name;
    EXPECT_EQ(::write(fd_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  ~TempFile() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

std::vector<uint8_t> drain(ImageReader& r, std::size_t piece) {
  std::vector<uint8_t> out, buf(piece);
  while (std::size_t n = r.read(buf)) out.insert(out.end(), buf.begin(), buf.begin() + n);
  return out;
}

std::vector<uint8_t> random_bytes(std::size_t n) {
  std::mt19937 rng(18);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(ImageReader, ReadsEveryByteInOrderThroughTheAssetLayer) {
  std::vector<uint8_t> data = random_bytes(3 * 65536 + 777);  // a partial last block
  TempFile f(data);
  int err = 0;
  asset::BlockSource src = asset::open_block_source(f.path(), &err);
  ASSERT_TRUE(src.fd) << err;
  EXPECT_FALSE(src.block_device);
  EXPECT_EQ(src.size, data.size());
  ImageReadOptions o;
  o.block = 65536;
  uint64_t last_progress = 0;
  o.on_progress = [&](uint64_t done) { last_progress = done; };
  ImageReader r(src.fd.get(), src.size, o);
  EXPECT_EQ(drain(r, 10000), data);
  EXPECT_TRUE(r.errors().empty());
  EXPECT_EQ(r.bytes_done(), data.size());
  EXPECT_EQ(last_progress, data.size());
  EXPECT_FALSE(r.stopped());
}

TEST(ImageReader, RefusesWhatIsNeitherDeviceNorFile) {
  int err = 0;
  EXPECT_FALSE(asset::open_block_source("/proc/self", &err).fd);
  EXPECT_EQ(err, EINVAL);
  EXPECT_FALSE(asset::open_block_source("/nonexistent/disk", &err).fd);
  EXPECT_EQ(err, ENOENT);
}

TEST(ImageReader, UnreadableSectorsBecomeZerosAndOneMergedRange) {
  // A directory descriptor fails every read with EISDIR: each sector is retried, zeroed and
  // recorded, and adjacent sectors merge into one range.
  int dir = ::open("/tmp", O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dir, 0);
  ImageReadOptions o;
  o.block = 4096;
  o.retries = 1;
  ImageReader r(dir, 10000, o);
  std::vector<uint8_t> got = drain(r, 3000);
  ::close(dir);
  EXPECT_EQ(got, std::vector<uint8_t>(10000, 0));
  auto errors = r.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].offset, 0u);
  EXPECT_EQ(errors[0].length, 10000u);
  EXPECT_EQ(errors[0].error, EISDIR);
}

TEST(ImageReader, ASourceShorterThanItsSizeIsZeroFilledAndRecorded) {
  std::vector<uint8_t> data = random_bytes(1536);
  TempFile f(data);
  int fd = ::open(f.path().c_str(), O_RDONLY);
  ImageReadOptions o;
  o.block = 1024;
  o.retries = 0;
  ImageReader r(fd, 2048, o);  // the size seen at open was larger
  std::vector<uint8_t> got = drain(r, 4096);
  ::close(fd);
  std::vector<uint8_t> want = data;
  want.resize(2048, 0);
  EXPECT_EQ(got, want);
  auto errors = r.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].offset, 1536u);
  EXPECT_EQ(errors[0].length, 512u);
  EXPECT_EQ(errors[0].error, ENODATA);
}

TEST(ImageReader, AStopRequestEndsTheImageBetweenBlocks) {
  std::vector<uint8_t> data = random_bytes(8 * 4096);
  TempFile f(data);
  int fd = ::open(f.path().c_str(), O_RDONLY);
  ImageReadOptions o;
  o.block = 4096;
  int polls = 0;
  o.stop = [&] { return ++polls > 3; };  // three blocks, then stop
  ImageReader r(fd, data.size(), o);
  std::vector<uint8_t> got = drain(r, 4096);
  ::close(fd);
  EXPECT_TRUE(r.stopped());
  EXPECT_EQ(got.size(), 3u * 4096);
  EXPECT_EQ(r.bytes_done(), 3u * 4096);
  EXPECT_TRUE(std::equal(got.begin(), got.end(), data.begin()));
}

}  // namespace
}  // namespace collector
