#pragma once
// Authenticated chunks → zstd decompression → tar bytes, pulled by libarchive (internal).
#include <zstd.h>

#include <memory>
#include <span>
#include <vector>

#include "chunk_opener.hpp"
#include "zstd_handles.hpp"

namespace ppc::detail {

class PayloadDecoder {
 public:
  PayloadDecoder(ChunkOpener& opener, uint64_t max_total_bytes);
  // The next decompressed bytes; empty at the end of the payload (after the final chunk, with
  // the last zstd frame complete). Throws the opener's errors and payload_malformed.
  std::span<const uint8_t> pull();
  uint64_t total() const { return total_; }
  // Salvage: drops the frame being decoded and starts again at `chunk`, the plaintext of a
  // chunk that starts a zstd frame (ChunkOpener::resync). The size limit counts on.
  void restart(std::span<const uint8_t> chunk);

 private:
  ChunkOpener& opener_;
  ZstdDCtx dctx_;
  std::span<const uint8_t> in_;
  std::size_t in_pos_ = 0;
  std::vector<uint8_t> out_;
  bool output_full_ = false;
  std::size_t last_ret_ = 0;  // 0 when the last frame is complete
  uint64_t total_ = 0;
  uint64_t max_total_;
};

}  // namespace ppc::detail
