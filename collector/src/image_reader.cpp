#include "image_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace collector {

ImageReader::ImageReader(int fd, uint64_t size, ImageReadOptions options)
    : fd_(fd), size_(size), opt_(std::move(options)) {
  ring_.resize(opt_.blocks_ahead + 1);
  for (Block& b : ring_) b.data.resize(opt_.block);
  thread_ = std::thread([this] { produce(); });
}

ImageReader::~ImageReader() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::vector<ImageErrorRange> ImageReader::errors() const {
  std::lock_guard lock(mu_);
  return errors_;
}

void ImageReader::produce() {
  for (uint64_t offset = 0; offset < size_;) {
    std::size_t slot;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return quit_ || filled_ < ring_.size(); });
      if (quit_) break;
      slot = tail_;
    }
    Block& b = ring_[slot];
    b.used = static_cast<std::size_t>(std::min<uint64_t>(opt_.block, size_ - offset));
    read_block(offset, {b.data.data(), b.used});
    offset += b.used;
    {
      std::lock_guard lock(mu_);
      tail_ = (tail_ + 1) % ring_.size();
      ++filled_;
    }
    cv_.notify_all();
  }
  std::lock_guard lock(mu_);
  producer_done_ = true;
  cv_.notify_all();
}

std::size_t ImageReader::read(std::span<uint8_t> out) {
  if (stopped_ || out.empty()) return 0;
  std::unique_lock lock(mu_);
  if (offset_in_head_ == 0 && opt_.stop) {
    lock.unlock();  // between blocks: the stop check may take its time (limits, --cpu-limit)
    if (opt_.stop()) {
      stopped_ = true;
      std::lock_guard quit(mu_);
      quit_ = true;
      cv_.notify_all();
      return 0;
    }
    lock.lock();
  }
  cv_.wait(lock, [&] { return filled_ > 0 || producer_done_; });
  if (filled_ == 0) return 0;
  Block& b = ring_[head_];
  std::size_t n = std::min(out.size(), b.used - offset_in_head_);
  std::memcpy(out.data(), b.data.data() + offset_in_head_, n);
  offset_in_head_ += n;
  handed_ += n;
  bool block_done = offset_in_head_ == b.used;
  if (block_done) {
    offset_in_head_ = 0;
    head_ = (head_ + 1) % ring_.size();
    --filled_;
  }
  lock.unlock();
  if (block_done) {
    cv_.notify_all();
    if (opt_.on_progress) opt_.on_progress(handed_);
  }
  return n;
}

// Reads exactly out.size() bytes at `offset`; false with `error` set on a failed read, or
// ENODATA when the source ends first.
bool ImageReader::read_exact(uint64_t offset, std::span<uint8_t> out, int& error) const {
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : ENODATA;
      return false;
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

void ImageReader::read_block(uint64_t offset, std::span<uint8_t> out) {
  int error = 0;
  for (int attempt = 0; attempt <= opt_.retries; ++attempt)
    if (read_exact(offset, out, error)) return;
  narrow(offset, out);
}

// Sector by sector over a block that kept failing: the readable sectors keep their bytes, the
// others become zeros and error ranges.
void ImageReader::narrow(uint64_t offset, std::span<uint8_t> out) {
  for (std::size_t at = 0; at < out.size(); at += opt_.sector) {
    std::span<uint8_t> sector =
        out.subspan(at, std::min<std::size_t>(opt_.sector, out.size() - at));
    int error = 0;
    bool ok = false;
    for (int attempt = 0; attempt <= opt_.retries && !ok; ++attempt)
      ok = read_exact(offset + at, sector, error);
    if (ok) continue;
    std::memset(sector.data(), 0, sector.size());
    record(offset + at, sector.size(), error);
  }
}

void ImageReader::record(uint64_t offset, uint64_t length, int error) {
  std::lock_guard lock(mu_);
  if (!errors_.empty()) {
    ImageErrorRange& last = errors_.back();
    if (last.offset + last.length == offset && last.error == error) {
      last.length += length;
      return;
    }
  }
  errors_.push_back({offset, length, error});
}

}  // namespace collector
