#pragma once
// RAII over libzstd's contexts (internal), as openssl_handles.hpp is for OpenSSL's.
#include <zstd.h>

#include <memory>
#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {

struct ZstdCCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};
using ZstdCCtx = std::unique_ptr<ZSTD_CCtx, ZstdCCtxDeleter>;
using ZstdDCtx = std::unique_ptr<ZSTD_DCtx, ZstdDCtxDeleter>;

// Throws Error(io) naming `what` and libzstd's message when `rc` is an error code.
inline void zstd_check(std::size_t rc, const char* what) {
  if (ZSTD_isError(rc)) fail(ErrorClass::io, std::string(what) + ": " + ZSTD_getErrorName(rc));
}

// A compression context at `level`. Throws Error(io).
inline ZstdCCtx make_zstd_cctx(int level) {
  ZstdCCtx cctx(ZSTD_createCCtx());
  if (!cctx) fail(ErrorClass::io, "zstd: cannot create a compression context");
  zstd_check(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level), "zstd level");
  return cctx;
}

}  // namespace ppc::detail
