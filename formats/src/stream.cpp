#include "stream.hpp"

#include <cstring>
#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {

std::array<uint8_t, kNonceBytes> chunk_nonce(uint64_t counter, bool last) {
  std::array<uint8_t, kNonceBytes> nonce{};
  for (int i = 0; i < 8; ++i) nonce[10 - i] = static_cast<uint8_t>(counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

Key derive_payload_key(std::span<const uint8_t> file_key, std::span<const uint8_t, 16> salt) {
  Key k{};
  hkdf_sha256(file_key, salt, "ppc/v1 payload", k);
  return k;
}

Key derive_header_key(std::span<const uint8_t> file_key) {
  Key k{};
  hkdf_sha256(file_key, {}, "ppc/v1 header", k);
  return k;
}

HashingSource::HashingSource(ByteSource& in) : in_(in) {
  digest_init(md_, EVP_sha256());
}

std::size_t HashingSource::read(std::span<uint8_t> out) {
  std::size_t n = in_.read(out);
  EVP_DigestUpdate(md_.get(), out.data(), n);
  bytes_ += n;
  return n;
}

std::array<uint8_t, 32> HashingSource::finish() {
  std::array<uint8_t, 32> out{};
  unsigned len = 0;
  EVP_DigestFinal_ex(md_.get(), out.data(), &len);
  return out;
}

}  // namespace ppc::detail
