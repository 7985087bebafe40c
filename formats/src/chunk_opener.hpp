#pragma once
// Reading side of the STREAM layer (internal): authenticates chunks in order and tells each
// failure class apart (docs/FORMAT.md, "Payload chunks"). In salvage mode it can also read on
// past damage to the next chunk where decompression can restart ("Salvage and
// resynchronisation").
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chunk_locator.hpp"
#include "ppc/error.hpp"
#include "stream.hpp"

namespace ppc::detail {

// What resync() passed over. Slots are chunk-sized places in the file after the header,
// counted from 0; they equal counters until chunks are dropped or inserted.
struct ResyncRun {
  uint64_t first_slot = 0;          // the first slot whose chunk was not used
  uint64_t end_slot = 0;            // the slot reading resumes at, or the slots in the file
  uint64_t tail_bytes = 0;          // a partial chunk at the end of the file
  uint64_t authentic = 0;           // passed-over chunks that authenticated but start no zstd frame
  std::optional<uint64_t> counter;  // counter of the chunk reading resumes at
  std::span<const uint8_t> plaintext;  // its plaintext; empty when the package ended first
};

class ChunkOpener {
 public:
  // In salvage mode, data after the final chunk is recorded (trailing()) instead of thrown,
  // so the final chunk is still used, and resync() may follow a failure.
  ChunkOpener(ByteSource& in, std::span<const uint8_t> payload_key, std::size_t chunk_bytes,
              bool salvage = false);
  // The next chunk's authenticated plaintext; empty once the last chunk was returned. Throws
  // chunk_auth, truncated or trailing_data.
  std::span<const uint8_t> next();
  uint64_t chunks() const { return counter_; }
  bool done() const { return done_; }

  // Salvage, after next() threw or its plaintext did not decode: reads on to the first chunk
  // that authenticates under a counter not below the next expected one (dropped or inserted
  // chunks shift it; any authenticated chunk re-anchors it) and whose plaintext starts a zstd
  // frame. Never throws for the package's content.
  ResyncRun resync();
  uint64_t slot() const { return slot_; }  // the next slot to read
  uint64_t tail_bytes() const { return tail_bytes_; }
  const std::optional<Error>& trailing() const { return trailing_; }

 private:
  std::span<const uint8_t> open_final(const std::string& where);
  std::size_t read_slot();

  ByteSource& in_;
  Aead aead_;
  std::optional<ChunkLocator> locator_;  // salvage only
  std::vector<uint8_t> sealed_, plain_;
  uint64_t counter_ = 0;
  uint64_t slot_ = 0;
  uint64_t tail_bytes_ = 0;   // bytes of a partial chunk at the end of the file
  bool last_failed_ = false;  // the slot just read did not authenticate
  bool done_ = false;
  bool salvage_;
  std::optional<Error> trailing_;
};

}  // namespace ppc::detail
