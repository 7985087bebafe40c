#pragma once
// Symmetric primitives of the format (internal): HKDF-SHA-256, HMAC-SHA-256 and AES-256-GCM,
// all through OpenSSL 3 EVP. docs/FORMAT.md, "Key schedule", names every label used here.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "openssl_handles.hpp"
#include "ppc/secure.hpp"

namespace ppc::detail {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kNonceBytes = 12;
inline constexpr std::size_t kGcmTagBytes = 16;

using Key = std::array<uint8_t, kKeyBytes>;

// HKDF-SHA-256 (RFC 5869) producing out.size() bytes.
void hkdf_sha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt, std::string_view info,
                 std::span<uint8_t> out);
std::array<uint8_t, 32> hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> data);
bool equal_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b);

// AES-256-GCM with a key fixed at construction; one context reused for every chunk.
class Aead {
 public:
  explicit Aead(std::span<const uint8_t> key);
  // out must hold in.size() + 16 bytes: ciphertext then tag.
  void seal(std::span<const uint8_t, kNonceBytes> nonce, std::span<const uint8_t> in, uint8_t* out);
  // in = ciphertext || tag; out must hold in.size() - 16 bytes. False when authentication fails
  // (out's content is then undefined and must not be used).
  bool open(std::span<const uint8_t, kNonceBytes> nonce, std::span<const uint8_t> in, uint8_t* out);

 private:
  CipherCtx enc_, dec_;
};

}  // namespace ppc::detail
