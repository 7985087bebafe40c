#include "chunk_sealer.hpp"

#include <cstring>
#include <utility>

#include "ppc/error.hpp"
#include "stream.hpp"

namespace ppc::detail {
namespace {

constexpr int kSlots = 32;         // 2 MiB of plaintext in flight: enough to ride out a slow write
constexpr std::size_t kBatch = 8;  // chunks sealed per write(2)

}  // namespace

ChunkSealer::ChunkSealer(ByteSink& out, std::span<const uint8_t> payload_key,
                         std::size_t chunk_bytes, std::function<void()> on_mark, HashPipe* written,
                         std::function<std::span<const uint8_t>()> header)
    : sink_(out),
      chunk_(chunk_bytes),
      on_mark_(std::move(on_mark)),
      slots_(kSlots, std::vector<uint8_t>(chunk_bytes)),
      written_(written),
      header_(std::move(header)),
      aead_(payload_key) {
  for (auto& s : sealed_) s.resize(kBatch * (chunk_bytes + kGcmTagBytes));
  for (int i = kSlots - 1; i > 0; --i) free_.push_back(i);
  thread_ = std::thread([this] { loop(); });
}

ChunkSealer::~ChunkSealer() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
  // An interrupted package still starts with its header.
  try {
    write_header();
  } catch (...) {
  }
  // The hash pipe must not read the output buffers once they are gone.
  if (written_) {
    try {
      written_->wait_all();
    } catch (...) {
    }
  }
}

void ChunkSealer::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    // A full buffer is submitted only when more data arrives: the last chunk is not known before.
    if (fill_ == chunk_) flush_full();
    std::size_t n = std::min(data.size(), chunk_ - fill_);
    std::memcpy(slots_[current_].data() + fill_, data.data(), n);
    fill_ += n;
    data = data.subspan(n);
  }
}

void ChunkSealer::flush_full() {
  if (fill_ != chunk_) return;
  submit({current_, false});
  next_slot();
}

void ChunkSealer::mark() {
  submit({-1, false});
}

void ChunkSealer::finish() {
  // The last chunk is padded to full size and ends with the count of its real bytes. The caller
  // keeps at most last_capacity() bytes buffered (the writer pads with a zstd skippable frame).
  if (fill_ > last_capacity()) fail(ErrorClass::usage, "internal: last chunk over capacity");
  std::vector<uint8_t>& plain = slots_[current_];
  std::memset(plain.data() + fill_, 0, chunk_ - fill_);
  uint32_t len = static_cast<uint32_t>(fill_);
  for (int i = 0; i < 4; ++i) plain[chunk_ - 4 + i] = static_cast<uint8_t>(len >> (8 * i));
  submit({current_, true});
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && idle_) || error_; });
  rethrow_locked();
}

void ChunkSealer::submit(Job job) {
  {
    std::lock_guard lock(mu_);
    rethrow_locked();
    queue_.push_back(job);
  }
  if (job.slot >= 0) ++submitted_;
  cv_.notify_all();
}

void ChunkSealer::next_slot() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty() || error_; });
  rethrow_locked();
  current_ = free_.back();
  free_.pop_back();
  fill_ = 0;
}

// Once the sealing thread failed, every later call fails the same way: the package stays an
// interrupted one, salvageable up to what was written.
void ChunkSealer::rethrow_locked() {
  if (error_) std::rethrow_exception(error_);
}

void ChunkSealer::loop() {
  std::vector<Job> batch;
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return !queue_.empty() || quit_; });
    if (queue_.empty()) return;  // quitting, and everything submitted is written
    batch.clear();
    while (!queue_.empty() && batch.size() < kBatch) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    idle_ = false;
    lock.unlock();
    std::exception_ptr err;
    try {
      seal_batch(batch);
    } catch (...) {
      err = std::current_exception();
    }
    lock.lock();
    idle_ = true;
    if (err) {
      error_ = err;
      queue_.clear();
    }
    cv_.notify_all();
    if (err) return;
  }
}

// Seals the batch into one buffer and writes it with one call; a mark first writes what
// precedes it, so on_mark sees every earlier chunk in the sink.
void ChunkSealer::seal_batch(std::vector<Job>& batch) {
  std::size_t n = 0;
  for (const Job& j : batch) {
    if (j.slot < 0) {
      write_sealed(n);
      n = 0;
      if (on_mark_) on_mark_();
      continue;
    }
    aead_.seal(chunk_nonce(counter_++, j.last), slots_[j.slot], sealed_[out_].data() + n);
    n += chunk_ + kGcmTagBytes;
    // The plaintext is no longer needed: hand its slot back at once, so the producer fills it
    // while this batch is still being written.
    {
      std::lock_guard lock(mu_);
      free_.push_back(j.slot);
    }
    cv_.notify_all();
  }
  write_sealed(n);
}

// Writes the current output buffer, queues it for the package hash and moves on to the next
// buffer of the ring once the hash pipe is done with it.
void ChunkSealer::write_sealed(std::size_t n) {
  write_header();
  if (n == 0) return;
  std::span<const uint8_t> bytes(sealed_[out_].data(), n);
  sink_.write(bytes);
  if (!written_) return;
  hash_ticket_[out_] = written_->submit(bytes);
  out_ = (out_ + 1) % static_cast<int>(sealed_.size());
  written_->wait(hash_ticket_[out_]);
}

void ChunkSealer::write_header() {
  if (header_written_ || !header_) return;
  header_written_ = true;
  std::span<const uint8_t> bytes = header_();
  sink_.write(bytes);
  if (written_) written_->submit(bytes);
}

}  // namespace ppc::detail
