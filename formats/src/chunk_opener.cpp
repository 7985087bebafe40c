#include "chunk_opener.hpp"

#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {
namespace {

constexpr std::size_t kLengthTrailer = 4;

}  // namespace

ChunkOpener::ChunkOpener(ByteSource& in, std::span<const uint8_t> payload_key, std::size_t chunk_bytes)
    : in_(in), aead_(payload_key), sealed_(chunk_bytes + kGcmTagBytes), plain_(chunk_bytes) {}

std::span<const uint8_t> ChunkOpener::next() {
  if (done_) return {};
  std::size_t got = read_fully(in_, sealed_);
  const std::string where = "chunk " + std::to_string(counter_);
  if (got == 0)
    fail(ErrorClass::truncated, "package is truncated: it ends at a chunk boundary after " +
                                    std::to_string(counter_) + " chunks, before its final chunk");
  if (got < sealed_.size())
    fail(ErrorClass::truncated, "package is truncated: " + where + " has only " + std::to_string(got) +
                                    " of " + std::to_string(sealed_.size()) + " bytes");
  if (aead_.open(chunk_nonce(counter_, false), sealed_, plain_.data())) {
    ++counter_;
    return plain_;
  }
  if (!aead_.open(chunk_nonce(counter_, true), sealed_, plain_.data()))
    fail(ErrorClass::chunk_auth, where + " fails authentication (modified, reordered or missing chunks)");
  ++counter_;
  done_ = true;
  uint8_t probe = 0;
  if (in_.read({&probe, 1}) != 0)
    fail(ErrorClass::trailing_data, "data follows the final chunk (" + where + ")");
  std::size_t n = plain_[plain_.size() - 4] | plain_[plain_.size() - 3] << 8 |
                  plain_[plain_.size() - 2] << 16 | static_cast<std::size_t>(plain_[plain_.size() - 1]) << 24;
  if (n > plain_.size() - kLengthTrailer)
    fail(ErrorClass::payload_malformed, "final chunk declares " + std::to_string(n) + " bytes, more than it holds");
  return std::span<const uint8_t>(plain_.data(), n);
}

}  // namespace ppc::detail
