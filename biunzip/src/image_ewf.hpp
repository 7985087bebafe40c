#pragma once
// A libewf handle writing an E01 (EnCase 6 format, segmented), owned RAII; every libewf failure
// becomes ppc::Error(io) with libewf's message.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "biunzip/image_export.hpp"

namespace biunzip {

class EwfWriter {
 public:
  // Opens <base>.E01 for writing and sets everything that goes into the header sections.
  EwfWriter(const std::string& base, const ImageRecord& record, uint64_t segment_size);
  ~EwfWriter();
  EwfWriter(const EwfWriter&) = delete;
  EwfWriter& operator=(const EwfWriter&) = delete;

  void write(std::span<const uint8_t> data);
  // Records the digests (hex) and the unreadable ranges, then writes the closing sections.
  void finish(const std::string& md5_hex, const std::string& sha1_hex);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace biunzip
