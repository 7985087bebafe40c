#pragma once
// The STREAM layer (internal): the payload is cut into chunks of exactly 2^chunk_log2 plaintext
// bytes, each sealed with AES-256-GCM under nonce = 11-byte big-endian counter || last flag.
// The last chunk is padded to full size and ends with the u32 LE count of its real bytes, so
// every chunk on disk has the same length and truncation, trailing data, reordering and bit
// flips are each told apart (docs/FORMAT.md, "Payload chunks").
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto.hpp"
#include "ppc/io.hpp"

namespace ppc::detail {

std::array<uint8_t, kNonceBytes> chunk_nonce(uint64_t counter, bool last);
// Payload and header keys derived from the file key (HKDF labels in docs/FORMAT.md).
Key derive_payload_key(std::span<const uint8_t> file_key, std::span<const uint8_t, 16> salt);
Key derive_header_key(std::span<const uint8_t> file_key);

// A source that also hashes and counts what passes through (the package SHA-256 on read).
class HashingSource final : public ByteSource {
 public:
  explicit HashingSource(ByteSource& in);
  std::size_t read(std::span<uint8_t> out) override;
  std::array<uint8_t, 32> finish();
  uint64_t bytes() const { return bytes_; }

 private:
  ByteSource& in_;
  MdCtx md_;
  uint64_t bytes_ = 0;
};

}  // namespace ppc::detail
