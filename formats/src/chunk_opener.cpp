#include "chunk_opener.hpp"

#include <string>

namespace ppc::detail {
namespace {

constexpr std::size_t kLengthTrailer = 4;

// A zstd frame (RFC 8878) starts with the magic number 0xFD2FB528, little-endian.
bool starts_zstd_frame(std::span<const uint8_t> text) {
  return text.size() >= 4 && text[0] == 0x28 && text[1] == 0xB5 && text[2] == 0x2F &&
         text[3] == 0xFD;
}

}  // namespace

ChunkOpener::ChunkOpener(ByteSource& in, std::span<const uint8_t> payload_key,
                         std::size_t chunk_bytes, bool salvage)
    : in_(in),
      aead_(payload_key),
      sealed_(chunk_bytes + kGcmTagBytes),
      plain_(chunk_bytes),
      salvage_(salvage) {
  if (salvage_) locator_.emplace(payload_key, chunk_bytes);
}

// Reads the next slot into sealed_; returns the bytes read (fewer than a chunk at the end).
std::size_t ChunkOpener::read_slot() {
  std::size_t got = read_fully(in_, sealed_);
  last_failed_ = false;
  if (got == sealed_.size())
    ++slot_;
  else
    tail_bytes_ = got;
  return got;
}

std::span<const uint8_t> ChunkOpener::next() {
  if (done_) return {};
  std::size_t got = read_slot();
  std::string where = "chunk " + std::to_string(counter_);
  if (slot_ != counter_ + 1 && got == sealed_.size())
    where += " (at chunk position " + std::to_string(slot_ - 1) + " in the file)";
  if (got == 0)
    fail(ErrorClass::truncated, "package is truncated: it ends at a chunk boundary after " +
                                    std::to_string(counter_) + " chunks, before its final chunk");
  if (got < sealed_.size())
    fail(ErrorClass::truncated, "package is truncated: " + where + " has only " +
                                    std::to_string(got) + " of " + std::to_string(sealed_.size()) +
                                    " bytes");
  if (aead_.open(chunk_nonce(counter_, false), sealed_, plain_.data())) {
    ++counter_;
    return plain_;
  }
  if (!aead_.open(chunk_nonce(counter_, true), sealed_, plain_.data())) {
    last_failed_ = true;
    fail(ErrorClass::chunk_auth,
         where + " fails authentication (modified, reordered or missing chunks)");
  }
  return open_final(where);
}

// The final chunk opened (plain_): checks what follows it and trims it to its stated length.
std::span<const uint8_t> ChunkOpener::open_final(const std::string& where) {
  ++counter_;
  done_ = true;
  uint8_t probe = 0;
  if (in_.read({&probe, 1}) != 0) {
    std::string message = "data follows the final chunk (" + where + ")";
    if (!salvage_) fail(ErrorClass::trailing_data, message);
    trailing_.emplace(ErrorClass::trailing_data, message);
  }
  std::size_t n = plain_[plain_.size() - 4] | plain_[plain_.size() - 3] << 8 |
                  plain_[plain_.size() - 2] << 16 |
                  static_cast<std::size_t>(plain_[plain_.size() - 1]) << 24;
  if (n > plain_.size() - kLengthTrailer)
    fail(ErrorClass::payload_malformed,
         "final chunk declares " + std::to_string(n) + " bytes, more than it holds");
  return std::span<const uint8_t>(plain_.data(), n);
}

ResyncRun ChunkOpener::resync() {
  ResyncRun run;
  run.first_slot = last_failed_ ? slot_ - 1 : slot_;
  while (!done_ && locator_) {
    if (read_slot() < sealed_.size()) break;  // the file ends here
    std::optional<ChunkPosition> at = locator_->locate(sealed_);
    if (!at || at->counter < counter_ ||
        !aead_.open(chunk_nonce(at->counter, at->last), sealed_, plain_.data()))
      continue;
    counter_ = at->counter;
    std::span<const uint8_t> text = plain_;
    if (!at->last) {
      ++counter_;
    } else {
      try {
        text = open_final("chunk " + std::to_string(at->counter));
      } catch (const Error&) {
        break;  // a final chunk stating an impossible length: nothing more to read
      }
    }
    if (starts_zstd_frame(text)) {
      run.counter = at->counter;
      run.plaintext = text;
      run.end_slot = slot_ - 1;
      return run;
    }
    ++run.authentic;
  }
  run.end_slot = slot_;
  run.tail_bytes = tail_bytes_;
  return run;
}

}  // namespace ppc::detail
