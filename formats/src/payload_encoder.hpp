#pragma once
// zstd compression of the tar stream into the chunk sealer (internal). Frames end at every
// checkpoint and are padded with a zstd skippable frame to a chunk boundary, so a checkpoint's
// bytes are sealed and durable at once and a reader can resynchronise there.
#include <zstd.h>

#include <memory>
#include <span>
#include <vector>

#include "chunk_sealer.hpp"

namespace ppc::detail {

struct ZstdCCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

class PayloadEncoder {
 public:
  PayloadEncoder(ChunkSealer& sealer, int level, int workers);
  void write(std::span<const uint8_t> data);
  // Ends the zstd frame, pads to a chunk boundary and seals the chunk.
  void end_frame_and_seal();
  // Ends the zstd frame and leaves the sealer ready for its final chunk.
  void end_frame_for_finish();

 private:
  void drive(std::span<const uint8_t> data, ZSTD_EndDirective mode);
  void pad(std::size_t bytes);
  ChunkSealer& sealer_;
  std::unique_ptr<ZSTD_CCtx, ZstdCCtxDeleter> cctx_;
  std::vector<uint8_t> out_;
};

}  // namespace ppc::detail
