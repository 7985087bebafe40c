#pragma once
// Helpers shared by keys*.cpp and stanza.cpp (internal): raw-key EVP_PKEYs and PEM input.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "openssl_handles.hpp"
#include "ppc/secure.hpp"

namespace ppc::detail {

// type is EVP_PKEY_X25519 or EVP_PKEY_ED25519; both take 32-byte raw keys.
PKey pkey_from_raw_private(int type, std::span<const uint8_t> raw);
PKey pkey_from_raw_public(int type, std::span<const uint8_t> raw);
std::array<uint8_t, 32> raw_public_key(EVP_PKEY* pkey);
SecureBytes raw_private_key(EVP_PKEY* pkey);

// The header's key structs hold EVP_PKEYs as shared_ptr<void> (keeps OpenSSL out of them).
std::shared_ptr<void> share_pkey(PKey pkey);
inline EVP_PKEY* shared_pkey(const std::shared_ptr<void>& p) {
  return static_cast<EVP_PKEY*>(p.get());
}

// A read-only memory BIO over `text` (which must outlive it).
Bio memory_bio(std::string_view text);
// Reads a PEM private key (PKCS#1, PKCS#8, SEC1; never prompts for a passphrase). Throws
// Error(usage) naming `source` when there is none or it is encrypted.
PKey read_private_key_pem(std::string_view pem, std::string_view source);

}  // namespace ppc::detail
