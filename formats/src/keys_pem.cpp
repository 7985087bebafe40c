// Keys that arrive as PEM: RSA recipients/identities (X.509 PKI) and Ed25519 signing keys.
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "keys_internal.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/keys.hpp"

namespace ppc {
namespace detail {
namespace {

// PEM passphrase callback that refuses: keys must be given unencrypted, and the library must
// never prompt on a terminal (OpenSSL's default callback would). Records that it was asked.
int refuse_passphrase(char*, int, int, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

}  // namespace

PKey read_private_key_pem(std::string_view pem, std::string_view source) {
  Bio bio = memory_bio(pem);
  bool asked = false;
  PKey pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &asked));
  ERR_clear_error();
  if (asked)
    fail(ErrorClass::usage, std::string(source) +
                                ": the private key is encrypted; give it unencrypted "
                                "(openssl pkey -in KEY -out PLAIN)");
  if (!pkey) fail(ErrorClass::usage, std::string(source) + ": no PEM private key in it");
  return pkey;
}

}  // namespace detail

namespace {

void require_type(EVP_PKEY* pkey, const char* type, std::string_view source) {
  if (EVP_PKEY_is_a(pkey, type)) return;
  const char* actual = EVP_PKEY_get0_type_name(pkey);
  fail(ErrorClass::usage, std::string(source) + ": the key is " + (actual ? actual : "unknown") +
                              ", expected " + type);
}

std::string subject_of(X509* cert) {
  detail::Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) < 0)
    return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// SHA-256 (hex) of an object's DER encoding (i2d_X509, i2d_PUBKEY); empty when not encodable.
template <class T>
std::string der_sha256(T* object, int (*to_der)(const T*, unsigned char**)) {
  unsigned char* der = nullptr;
  int len = to_der(object, &der);
  if (len <= 0) return {};
  std::string hex = to_hex(sha256({der, static_cast<std::size_t>(len)}));
  OPENSSL_free(der);
  return hex;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

RsaRecipient load_rsa_recipient_pem(std::string_view pem, std::string_view source) {
  RsaRecipient r;
  detail::PKey pkey;
  if (pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
    detail::Bio bio = detail::memory_bio(pem);
    detail::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) fail(ErrorClass::usage, std::string(source) + ": unreadable PEM certificate");
    pkey.reset(X509_get_pubkey(cert.get()));
    r.label = r.subject = subject_of(cert.get());
    r.sha256 = der_sha256(cert.get(), i2d_X509);
  } else {
    // SubjectPublicKeyInfo ("PUBLIC KEY"); OpenSSL 3's decoders also take PKCS#1 "RSA PUBLIC KEY".
    detail::Bio bio = detail::memory_bio(pem);
    pkey.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    r.label = std::string(source);
  }
  ERR_clear_error();
  if (!pkey)
    fail(ErrorClass::usage,
         std::string(source) + ": neither a PEM certificate nor a PEM public key");
  require_type(pkey.get(), "RSA", source);
  if (r.sha256.empty()) r.sha256 = der_sha256(pkey.get(), i2d_PUBKEY);
  r.pkey = detail::share_pkey(std::move(pkey));
  return r;
}

RsaIdentity load_rsa_identity_pem(std::string_view pem, std::string_view source) {
  detail::PKey pkey = detail::read_private_key_pem(pem, source);
  require_type(pkey.get(), "RSA", source);
  return RsaIdentity{detail::share_pkey(std::move(pkey))};
}

namespace {

SigningKey signing_key_from(EVP_PKEY* pkey) {
  SigningKey key;
  key.private_key = detail::raw_private_key(pkey);
  key.public_key = detail::raw_public_key(pkey);
  return key;
}

}  // namespace

SigningKey generate_signing_key() {
  detail::PKey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!pkey) fail_openssl("Ed25519 key generation");
  return signing_key_from(pkey.get());
}

SigningKey load_signing_key_pem(std::string_view pem, std::string_view source) {
  detail::PKey pkey = detail::read_private_key_pem(pem, source);
  require_type(pkey.get(), "ED25519", source);
  return signing_key_from(pkey.get());
}

std::array<uint8_t, 32> load_verify_key_pem(std::string_view pem, std::string_view source) {
  detail::Bio bio = detail::memory_bio(pem);
  detail::PKey pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!pkey) fail(ErrorClass::usage, std::string(source) + ": no PEM public key in it");
  require_type(pkey.get(), "ED25519", source);
  return detail::raw_public_key(pkey.get());
}

std::string signing_key_pem(const SigningKey& key) {
  auto pkey = detail::pkey_from_raw_private(EVP_PKEY_ED25519, key.private_key);
  // Secure-heap BIO: the PEM text is as secret as the key (the returned string is the caller's).
  detail::Bio bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail_openssl("Ed25519 private key PEM");
  return bio_text(bio.get());
}

std::string verify_key_pem(const std::array<uint8_t, 32>& pub) {
  auto pkey = detail::pkey_from_raw_public(EVP_PKEY_ED25519, pub);
  detail::Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey.get()) != 1)
    fail_openssl("Ed25519 public key PEM");
  return bio_text(bio.get());
}

std::string key_id(const std::array<uint8_t, 32>& public_key) {
  return to_hex(sha256(public_key)).substr(0, 16);
}

std::array<uint8_t, 64> ed25519_sign(const SigningKey& key, std::span<const uint8_t> message) {
  auto pkey = detail::pkey_from_raw_private(EVP_PKEY_ED25519, key.private_key);
  detail::MdCtx ctx(EVP_MD_CTX_new());
  std::array<uint8_t, 64> sig{};
  std::size_t len = sig.size();
  // Ed25519 is "pure": no digest is named, the whole message goes in one call.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size())
    fail_openssl("Ed25519 sign");
  return sig;
}

bool ed25519_verify(const std::array<uint8_t, 32>& public_key, std::span<const uint8_t> message,
                    std::span<const uint8_t> signature) {
  if (signature.size() != 64) return false;
  detail::PKey pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  detail::MdCtx ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx) fail_openssl("Ed25519 verify setup");
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1)
    fail_openssl("Ed25519 verify init");
  int ok = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                            message.size());
  ERR_clear_error();  // a bad signature leaves an entry on the queue; it is an answer, not an error
  return ok == 1;
}

}  // namespace ppc
