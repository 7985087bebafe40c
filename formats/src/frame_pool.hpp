#pragma once
// Parallel zstd compression (internal): the payload is cut into blocks, each compressed as an
// independent zstd frame on a pool of threads (one ZSTD_CCtx each), and the frames come back in
// order on the calling thread. Unlike libzstd's own workers, whose round buffer lets the caller
// run only about one job ahead, the caller here keeps filling blocks until the whole ring is in
// flight, so reading and hashing never wait on a worker that is about to finish
// (docs/PERFORMANCE.md). Independent frames cost ~1% of ratio at 1 MiB blocks on text.
#include <zstd.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace ppc::detail {

class FramePool {
 public:
  using Emit = std::function<void(std::span<const uint8_t> frame)>;

  // `emit` receives every frame, in order, on the thread that calls write() or flush().
  FramePool(int level, int workers, std::size_t block_bytes, Emit emit);
  // Stops the workers; frames not yet emitted are dropped.
  ~FramePool();
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;

  // Copies `data` into blocks; each full block goes to a worker. Emits the frames that are done
  // and waits for the oldest only when every block is in flight. Rethrows a worker's error.
  void write(std::span<const uint8_t> data);
  // Compresses the partial block (if any) and emits every frame still pending.
  void flush();

 private:
  struct Block {
    std::vector<uint8_t> in;
    std::unique_ptr<uint8_t[]> out;  // ZSTD_compressBound(block) bytes, allocated by a worker
    std::size_t out_size = 0;
    bool done = false;
    std::exception_ptr error;
  };
  void submit_current();
  // Emits the oldest block's frame; waits for it first if `wait`. Returns false if not done.
  bool emit_oldest(bool wait);
  std::size_t filling() const;  // the block the caller fills: the one after those in flight
  void worker(ZSTD_CCtx* cctx);

  const std::size_t block_bytes_;
  Emit emit_;
  std::vector<Block> blocks_;  // a ring: [oldest_, oldest_ + in_flight_) are submitted
  std::size_t oldest_ = 0;
  std::size_t in_flight_ = 0;

  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::size_t> queue_;  // submitted blocks no worker has taken, oldest first
  bool quit_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ppc::detail
