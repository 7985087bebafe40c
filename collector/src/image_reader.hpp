#pragma once
// The byte source of one image (--image): reads a device or image file once, front to back, in
// large blocks on a read-ahead thread of its own, and hands the bytes to the package writer,
// which hashes, compresses and encrypts them as it stores them.
//
// A read error never ends the image: the block is retried, then read sector by sector; each
// sector that still fails is stored as zeros and recorded (offset, length, errno), adjacent ones
// merged into one range. A source that ends before its size is zero-filled and recorded too.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "ppc/io.hpp"

namespace collector {

struct ImageErrorRange {
  uint64_t offset = 0;
  uint64_t length = 0;
  int error = 0;  // errno of the last attempt (ENODATA: the source ended before its size)
};

struct ImageReadOptions {
  uint32_t sector = 512;         // the unit errors are narrowed to (the logical sector)
  std::size_t block = 4u << 20;  // bytes per read
  std::size_t blocks_ahead = 3;  // read-ahead depth (memory: block * (blocks_ahead + 1))
  int retries = 2;               // extra attempts before narrowing, and per failing sector
  std::function<bool()> stop;    // polled between blocks: true ends the image there
  std::function<void(uint64_t)> on_progress;  // bytes handed out so far, after each block
};

class ImageReader final : public ppc::ByteSource {
 public:
  ImageReader(int fd, uint64_t size, ImageReadOptions options);
  ~ImageReader() override;
  ImageReader(const ImageReader&) = delete;
  ImageReader& operator=(const ImageReader&) = delete;

  std::size_t read(std::span<uint8_t> out) override;

  uint64_t bytes_done() const { return handed_; }  // bytes handed out (read or zero-filled)
  bool stopped() const { return stopped_; }        // the stop callback ended the image early
  // The unreadable ranges, in offset order; complete once read() returned 0.
  std::vector<ImageErrorRange> errors() const;

 private:
  struct Block {
    std::vector<uint8_t> data;
    std::size_t used = 0;
  };
  void produce();
  void read_block(uint64_t offset, std::span<uint8_t> out);
  bool read_exact(uint64_t offset, std::span<uint8_t> out, int& error) const;
  void narrow(uint64_t offset, std::span<uint8_t> out);
  void record(uint64_t offset, uint64_t length, int error);

  const int fd_;
  const uint64_t size_;
  const ImageReadOptions opt_;
  std::vector<Block> ring_;
  std::size_t head_ = 0, tail_ = 0, filled_ = 0;  // guarded by mu_
  std::size_t offset_in_head_ = 0;
  bool producer_done_ = false, quit_ = false;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ImageErrorRange> errors_;  // guarded by mu_
  uint64_t handed_ = 0;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace collector
