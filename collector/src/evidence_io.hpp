#pragma once
// Reading evidence opened by the asset layer (asset/root_fs.hpp) in throttled blocks.
#include <unistd.h>

#include <sys/stat.h>

#include <cstddef>
#include <span>
#include <string>

#include "ppc/io.hpp"

namespace collector {

// Reads evidence for the writer one read(2) of at most 1 MiB at a time, so --cpu-limit can pause
// between blocks; a failed read throws ppc::Error carrying its errno.
class ThrottledSource final : public ppc::ByteSource {
 public:
  explicit ThrottledSource(int fd) : fd_(fd) {}
  std::size_t read(std::span<uint8_t> out) override;

 private:
  int fd_;
};

}  // namespace collector
