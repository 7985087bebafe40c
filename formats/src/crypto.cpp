#include "crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {

void hkdf_sha256(std::span<const uint8_t> ikm, std::span<const uint8_t> salt, std::string_view info,
                 std::span<uint8_t> out) {
  Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) fail_openssl("HKDF fetch");
  KdfCtx ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) fail_openssl("HKDF context");
  // OpenSSL's params take non-const pointers; it does not write through them. An empty salt is
  // left out: RFC 5869 then uses a string of zeros, which is what an empty salt means.
  OSSL_PARAM params[5];
  std::size_t n = 0;
  params[n++] =
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                                  const_cast<uint8_t*>(ikm.data()), ikm.size());
  if (!salt.empty())
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                    const_cast<uint8_t*>(salt.data()), salt.size());
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                  const_cast<char*>(info.data()), info.size());
  params[n] = OSSL_PARAM_construct_end();
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) fail_openssl("HKDF derive");
}

std::array<uint8_t, 32> hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  Mac mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) fail_openssl("HMAC fetch");
  MacCtx ctx(EVP_MAC_CTX_new(mac.get()));
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_end()};
  std::array<uint8_t, 32> out{};
  std::size_t len = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 || len != out.size())
    fail_openssl("HMAC-SHA-256");
  return out;
}

bool equal_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Aead::Aead(std::span<const uint8_t> key) : enc_(EVP_CIPHER_CTX_new()), dec_(EVP_CIPHER_CTX_new()) {
  if (key.size() != kKeyBytes) fail(ErrorClass::crypto, "AES-256-GCM needs a 32-byte key");
  if (!enc_ || !dec_ ||
      EVP_EncryptInit_ex(enc_.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1 ||
      EVP_DecryptInit_ex(dec_.get(), EVP_aes_256_gcm(), nullptr, key.data(), nullptr) != 1)
    fail_openssl("AES-256-GCM init");
}

void Aead::seal(std::span<const uint8_t, kNonceBytes> nonce, std::span<const uint8_t> in,
                uint8_t* out) {
  int len = 0;
  if (EVP_EncryptInit_ex(enc_.get(), nullptr, nullptr, nullptr, nonce.data()) != 1 ||
      (!in.empty() &&
       EVP_EncryptUpdate(enc_.get(), out, &len, in.data(), static_cast<int>(in.size())) != 1) ||
      EVP_EncryptFinal_ex(enc_.get(), out + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(enc_.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagBytes, out + in.size()) != 1)
    fail_openssl("AES-256-GCM seal");
}

bool Aead::open(std::span<const uint8_t, kNonceBytes> nonce, std::span<const uint8_t> in,
                uint8_t* out) {
  if (in.size() < kGcmTagBytes) return false;
  std::size_t n = in.size() - kGcmTagBytes;
  int len = 0;
  if (EVP_DecryptInit_ex(dec_.get(), nullptr, nullptr, nullptr, nonce.data()) != 1)
    fail_openssl("AES-256-GCM open");
  if (n != 0 && EVP_DecryptUpdate(dec_.get(), out, &len, in.data(), static_cast<int>(n)) != 1)
    return false;
  if (EVP_CIPHER_CTX_ctrl(dec_.get(), EVP_CTRL_GCM_SET_TAG, kGcmTagBytes,
                          const_cast<uint8_t*>(in.data() + n)) != 1)
    fail_openssl("AES-256-GCM tag");
  return EVP_DecryptFinal_ex(dec_.get(), out + len, &len) == 1;
}

}  // namespace ppc::detail
