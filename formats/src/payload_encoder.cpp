#include "payload_encoder.hpp"

#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {
namespace {

constexpr uint32_t kSkippableMagic = 0x184D2A50;
constexpr std::size_t kSkippableHeader = 8;

void check(std::size_t rc, const char* what) {
  if (ZSTD_isError(rc)) fail(ErrorClass::io, std::string(what) + ": " + ZSTD_getErrorName(rc));
}

}  // namespace

PayloadEncoder::PayloadEncoder(ChunkSealer& sealer, int level, int workers)
    : sealer_(sealer), cctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize()) {
  if (!cctx_) fail(ErrorClass::io, "zstd: cannot create a compression context");
  check(ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, level), "zstd level");
  if (workers > 0) {
    // Fails when libzstd lacks multithreading; compression then stays on this thread.
    ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_nbWorkers, workers);
  }
}

void PayloadEncoder::write(std::span<const uint8_t> data) { drive(data, ZSTD_e_continue); }

void PayloadEncoder::drive(std::span<const uint8_t> data, ZSTD_EndDirective mode) {
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  for (;;) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    std::size_t remaining = ZSTD_compressStream2(cctx_.get(), &out, &in, mode);
    check(remaining, "zstd compression");
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
  drive({}, ZSTD_e_end);
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
  drive({}, ZSTD_e_end);
  std::size_t fill = sealer_.buffered();
  // The last chunk holds at most last_capacity() bytes: push the tail into a fresh chunk.
  if (fill > sealer_.last_capacity()) pad(sealer_.chunk_bytes() - fill + kSkippableHeader);
}

}  // namespace ppc::detail
