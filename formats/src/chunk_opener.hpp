#pragma once
// Reading side of the STREAM layer (internal): authenticates chunks in order and tells each
// failure class apart (docs/FORMAT.md, "Payload chunks").
#include <cstdint>
#include <span>
#include <vector>

#include "stream.hpp"

namespace ppc::detail {

class ChunkOpener {
 public:
  ChunkOpener(ByteSource& in, std::span<const uint8_t> payload_key, std::size_t chunk_bytes);
  // The next chunk's authenticated plaintext; empty once the last chunk was returned. Throws
  // chunk_auth, truncated or trailing_data.
  std::span<const uint8_t> next();
  uint64_t chunks() const { return counter_; }
  bool done() const { return done_; }

 private:
  ByteSource& in_;
  Aead aead_;
  std::vector<uint8_t> sealed_, plain_;
  uint64_t counter_ = 0;
  bool done_ = false;
};

}  // namespace ppc::detail
