#include "evidence_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "limits.hpp"
#include "ppc/error.hpp"

namespace collector {
namespace {

constexpr std::size_t kReadBlock = 1u << 20;

}  // namespace

std::size_t ThrottledSource::read(std::span<uint8_t> out) {
  throttle();
  for (;;) {
    ssize_t n = ::read(fd_, out.data(), std::min(out.size(), kReadBlock));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    ppc::fail_errno("reading");
  }
}

}  // namespace collector
