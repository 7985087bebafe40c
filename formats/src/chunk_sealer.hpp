#pragma once
// Writing side of the STREAM layer (internal): cuts the compressed payload into chunks and seals
// and writes them on a thread of its own, so AES-GCM, the package's SHA-256 and write(2) overlap
// with reading, hashing and compressing (docs/PERFORMANCE.md). Chunks reach the sink strictly in
// order; the bytes are exactly those a single-threaded sealer would write.
#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "crypto.hpp"
#include "hash_pipe.hpp"
#include "ppc/io.hpp"

namespace ppc::detail {

class ChunkSealer {
 public:
  // `on_mark` runs on the sealing thread once every chunk submitted before mark() is written.
  // `written` (optional) is handed every written byte range in order: the package's SHA-256 is
  // computed there, on its own thread. `header` (optional) is called on the sealing thread
  // before its first write and returns bytes that precede every chunk (the package header, whose
  // key wrapping may still be running when the first chunks are sealed); they must stay valid
  // as long as the sealer.
  ChunkSealer(ByteSink& out, std::span<const uint8_t> payload_key, std::size_t chunk_bytes,
              std::function<void()> on_mark = {}, HashPipe* written = nullptr,
              std::function<std::span<const uint8_t>()> header = {});
  // Stops the thread. Chunks already submitted are still written (they are a valid prefix of
  // an interrupted package); a partial chunk is not.
  ~ChunkSealer();
  ChunkSealer(const ChunkSealer&) = delete;
  ChunkSealer& operator=(const ChunkSealer&) = delete;

  // Copies into the current chunk. Rethrows a write error of the sealing thread.
  void write(std::span<const uint8_t> data);
  std::size_t buffered() const { return fill_; }
  std::size_t chunk_bytes() const { return chunk_; }
  // Submits a full buffer now as a non-last chunk (the caller promises more data follows).
  void flush_full();
  // Bytes the last chunk can carry (its final 4 bytes hold the count of real bytes).
  std::size_t last_capacity() const { return chunk_ - 4; }
  // Calls on_mark once everything submitted so far has been written.
  void mark();
  // Seals the last chunk (padded, with its length) and waits until everything is written.
  void finish();
  // Sealed bytes submitted so far (what reaches the sink once the queue drains).
  uint64_t sealed_bytes() const { return submitted_ * (chunk_ + kGcmTagBytes); }

 private:
  struct Job {
    int slot = -1;  // -1: a mark
    bool last = false;
  };
  void submit(Job job);
  void next_slot();
  void rethrow_locked();
  void loop();
  void seal_batch(std::vector<Job>& batch);
  void write_sealed(std::size_t n);
  void write_header();

  ByteSink& sink_;
  const std::size_t chunk_;
  std::function<void()> on_mark_;
  std::vector<std::vector<uint8_t>> slots_;  // plaintext chunks: one being filled, others queued
  int current_ = 0;
  std::size_t fill_ = 0;
  uint64_t submitted_ = 0;

  // Shared with the sealing thread.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  std::vector<int> free_;
  bool quit_ = false, idle_ = true;
  std::exception_ptr error_;

  // Sealing thread only. A ring of output buffers: batches are sealed into one while the ones
  // before it are still being hashed.
  HashPipe* written_;
  std::function<std::span<const uint8_t>()> header_;
  bool header_written_ = false;
  Aead aead_;
  // 8 batches (4 MiB): with 4, sealing waited on the package hash (2 GiB incompressible 3.18 ->
  // 3.11 s, 2 GiB of logs 3.19 -> 3.01 s together with the writer's deeper ring).
  std::array<std::vector<uint8_t>, 8> sealed_;
  std::array<uint64_t, 8> hash_ticket_{};
  int out_ = 0;
  uint64_t counter_ = 0;
  std::thread thread_;
};

}  // namespace ppc::detail
