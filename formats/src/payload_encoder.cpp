#include "payload_encoder.hpp"

#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {
namespace {

constexpr uint32_t kSkippableMagic = 0x184D2A50;
constexpr std::size_t kSkippableHeader = 8;

}  // namespace

PayloadEncoder::PayloadEncoder(ChunkSealer& sealer, int level, int workers, std::size_t block_bytes)
    : sealer_(sealer) {
  if (workers > 0) {
    pool_.emplace(level, workers, block_bytes,
                  [this](std::span<const uint8_t> f) { emit_frame(f); });
    return;
  }
  cctx_ = make_zstd_cctx(level);
  out_.resize(ZSTD_CStreamOutSize());
}

void PayloadEncoder::write(std::span<const uint8_t> data) {
  if (pool_)
    pool_->write(data);
  else
    drive(data, ZSTD_e_continue);
}

void PayloadEncoder::emit_frame(std::span<const uint8_t> frame) {
  // Only the first frame after a checkpoint may start a chunk: a salvaging reader resumes at a
  // chunk that starts with the zstd magic and expects a tar header there.
  // (The sealer holds a full chunk until more bytes arrive.)
  std::size_t fill = sealer_.buffered();
  if (!at_resync_point_ && (fill == 0 || fill == sealer_.chunk_bytes())) pad(kSkippableHeader);
  at_resync_point_ = false;
  sealer_.write(frame);
}

void PayloadEncoder::end_frame() {
  if (pool_)
    pool_->flush();
  else
    drive({}, ZSTD_e_end);
  at_resync_point_ = true;
}

void PayloadEncoder::drive(std::span<const uint8_t> data, ZSTD_EndDirective mode) {
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  for (;;) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    std::size_t remaining = ZSTD_compressStream2(cctx_.get(), &out, &in, mode);
    zstd_check(remaining, "zstd compression");
    if (out.pos > 0) sealer_.write({out_.data(), out.pos});
    bool input_done = in.pos == in.size;
    if (mode == ZSTD_e_continue ? input_done : (input_done && remaining == 0)) break;
  }
}

void PayloadEncoder::pad(std::size_t bytes) {
  std::vector<uint8_t> frame(bytes, 0);
  uint32_t content = static_cast<uint32_t>(bytes - kSkippableHeader);
  for (int i = 0; i < 4; ++i) {
    frame[i] = static_cast<uint8_t>(kSkippableMagic >> (8 * i));
    frame[4 + i] = static_cast<uint8_t>(content >> (8 * i));
  }
  sealer_.write(frame);
}

void PayloadEncoder::end_frame_and_seal() {
  end_frame();
  std::size_t chunk = sealer_.chunk_bytes();
  std::size_t fill = sealer_.buffered();
  if (fill != chunk) {
    std::size_t bytes = chunk - fill;
    if (bytes < kSkippableHeader) bytes += chunk;
    pad(bytes);
  }
  sealer_.flush_full();
}

void PayloadEncoder::end_frame_for_finish() {
  end_frame();
  std::size_t fill = sealer_.buffered();
  // The last chunk holds at most last_capacity() bytes: push the tail into a fresh chunk.
  if (fill > sealer_.last_capacity()) pad(sealer_.chunk_bytes() - fill + kSkippableHeader);
}

}  // namespace ppc::detail
