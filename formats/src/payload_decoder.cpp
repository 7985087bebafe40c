#include "payload_decoder.hpp"

#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {

PayloadDecoder::PayloadDecoder(ChunkOpener& opener, uint64_t max_total_bytes)
    : opener_(opener),
      dctx_(ZSTD_createDCtx()),
      out_(ZSTD_DStreamOutSize()),
      max_total_(max_total_bytes) {
  if (!dctx_) fail(ErrorClass::io, "zstd: cannot create a decompression context");
}

std::span<const uint8_t> PayloadDecoder::pull() {
  for (;;) {
    if (in_pos_ < in_.size() || output_full_) {
      ZSTD_inBuffer in{in_.data(), in_.size(), in_pos_};
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      std::size_t ret = ZSTD_decompressStream(dctx_.get(), &out, &in);
      if (ZSTD_isError(ret))
        fail(ErrorClass::payload_malformed,
             std::string("payload does not decompress: ") + ZSTD_getErrorName(ret));
      in_pos_ = in.pos;
      last_ret_ = ret;
      // A full output buffer may leave decoded bytes inside zstd: call again even without input.
      // Not when the frame just ended (ret 0): with no input, zstd would then return the size of
      // the next frame's header, and a payload whose decoded bytes end exactly at the end of
      // the buffer would look cut inside a frame.
      output_full_ = out.pos == out.size && ret != 0;
      if (out.pos > 0) {
        total_ += out.pos;
        if (total_ > max_total_)
          fail(ErrorClass::limit,
               "payload exceeds the size limit of " + std::to_string(max_total_) + " bytes");
        return {out_.data(), out.pos};
      }
      continue;
    }
    if (opener_.done()) {
      if (last_ret_ != 0) fail(ErrorClass::payload_malformed, "payload ends inside a zstd frame");
      return {};
    }
    in_ = opener_.next();
    in_pos_ = 0;
  }
}

void PayloadDecoder::restart(std::span<const uint8_t> chunk) {
  std::size_t rc = ZSTD_DCtx_reset(dctx_.get(), ZSTD_reset_session_only);
  if (ZSTD_isError(rc))
    fail(ErrorClass::io, std::string("zstd: cannot reset: ") + ZSTD_getErrorName(rc));
  in_ = chunk;
  in_pos_ = 0;
  output_full_ = false;
  last_ret_ = 0;
}

}  // namespace ppc::detail
