// The running collector's own bytes, hashed once: triage recognises copies of itself by content,
// whatever their name or place (a renamed copy in /tmp is the same program).
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "asset/open_at.hpp"
#include "collector/triage.hpp"
#include "ppc/hashing.hpp"

namespace collector {
namespace {

SelfImage read_self_image() {
  SelfImage self;
  // /proc/self/exe is a magic link: it reaches the binary even when its path was replaced.
  asset::UniqueFd fd = asset::open_proc_link("/proc/self/exe");
  if (!fd) return self;
  ppc::MultiHasher hasher;
  std::vector<uint8_t> block(1u << 20);
  uint64_t size = 0;
  for (;;) {
    ssize_t n = ::read(fd.get(), block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return self;  // unreadable: recognise nothing rather than a wrong digest
    if (n == 0) break;
    hasher.update({block.data(), static_cast<std::size_t>(n)});
    size += static_cast<uint64_t>(n);
  }
  self.size = size;
  self.sha256 = hasher.finish().sha256;
  return self;
}

}  // namespace

bool SelfImage::is_copy(std::span<const uint8_t> data) const {
  // The size test keeps hashing to the rare file of exactly the collector's size.
  return size != 0 && data.size() == size && ppc::to_hex(ppc::sha256(data)) == sha256;
}

const SelfImage& running_collector() {
  static const SelfImage self = read_self_image();
  return self;
}

}  // namespace collector
