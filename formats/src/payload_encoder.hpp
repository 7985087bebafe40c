#pragma once
// zstd compression of the tar stream into the chunk sealer (internal). Frames end at every
// checkpoint and are padded with a zstd skippable frame to a chunk boundary, so a checkpoint's
// bytes are sealed and durable at once and a reader can resynchronise there. With workers the
// tar stream is compressed in independent frames of `block_bytes` on a FramePool; a frame that
// is not the first after a checkpoint never starts a chunk (an empty skippable frame goes
// first), so a chunk starting with the zstd magic still starts a tar header (docs/FORMAT.md).
#include <zstd.h>

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "chunk_sealer.hpp"
#include "frame_pool.hpp"
#include "zstd_handles.hpp"

namespace ppc::detail {

class PayloadEncoder {
 public:
  static constexpr std::size_t kBlockBytes = 1u << 20;

  // workers == 0: one streaming frame per checkpoint interval, compressed on the calling thread.
  PayloadEncoder(ChunkSealer& sealer, int level, int workers,
                 std::size_t block_bytes = kBlockBytes);
  void write(std::span<const uint8_t> data);
  // Ends the zstd frame, pads to a chunk boundary and seals the chunk.
  void end_frame_and_seal();
  // Ends the zstd frame and leaves the sealer ready for its final chunk.
  void end_frame_for_finish();

 private:
  void end_frame();
  void drive(std::span<const uint8_t> data, ZSTD_EndDirective mode);
  void emit_frame(std::span<const uint8_t> frame);
  void pad(std::size_t bytes);
  ChunkSealer& sealer_;
  ZstdCCtx cctx_;  // without workers
  std::vector<uint8_t> out_;
  std::optional<FramePool> pool_;
  bool at_resync_point_ = true;  // the next frame starts a tar header after a checkpoint
};

}  // namespace ppc::detail
