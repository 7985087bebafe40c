#pragma once
// Hashes a stream of blocks on a thread of its own (internal): while a large entry's block is
// compressed on the calling thread, the previous one is hashed, so SHA-256 no longer runs in
// series with zstd. Blocks are hashed strictly in the order submitted; the caller keeps each
// block's memory unchanged until wait(ticket) says it was hashed.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <span>
#include <thread>

#include "ppc/hashing.hpp"

namespace ppc::detail {

class HashPipe {
 public:
  explicit HashPipe(MultiHasher& hasher);
  ~HashPipe();
  HashPipe(const HashPipe&) = delete;
  HashPipe& operator=(const HashPipe&) = delete;

  // Queues a block; returns its ticket (1, 2, ...).
  uint64_t submit(std::span<const uint8_t> block);
  // Waits until every block up to `ticket` is hashed (0: nothing to wait for).
  void wait(uint64_t ticket);
  // Waits for every submitted block.
  void wait_all();

 private:
  void loop();
  MultiHasher& hasher_;
  std::mutex mu_;
  uint64_t submitted_ = 0;
  std::condition_variable cv_;
  std::deque<std::span<const uint8_t>> queue_;
  uint64_t hashed_ = 0;
  bool quit_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace ppc::detail
