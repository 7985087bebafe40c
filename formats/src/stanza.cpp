// Recipient stanzas: the file key wrapped for one recipient each (docs/FORMAT.md, "Recipient
// stanzas", has the byte layouts this file implements).
#include "stanza.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "crypto.hpp"
#include "keys_internal.hpp"
#include "ppc/error.hpp"

namespace ppc::detail {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kWrappedBytes = kKeyBytes + kGcmTagBytes;          // 48
constexpr std::size_t kPassphraseBody = kSaltBytes + 3 + kWrappedBytes;  // 67
constexpr std::size_t kX25519Body = 32 + kWrappedBytes;                  // 80
constexpr uint8_t kScryptR = 8, kScryptP = 1;
constexpr int kMaxScryptLog2N = 40;  // structural limit; readers cap far lower (ReaderLimits)
constexpr char kScryptLabel[] = "ppc/v1 passphrase";
constexpr char kX25519Info[] = "ppc/v1 x25519";
constexpr char kRsaLabel[] = "ppc/v1 rsa-oaep";
constexpr std::size_t kMinRsaBits = 2048;

// Each wrap key is used for exactly one encryption (fresh salt or ephemeral key every time),
// which is why a fixed all-zero nonce is safe here.
constexpr std::array<uint8_t, kNonceBytes> kZeroNonce{};

std::array<uint8_t, kWrappedBytes> seal_key(std::span<const uint8_t> wrap_key,
                                            std::span<const uint8_t, 32> file_key) {
  std::array<uint8_t, kWrappedBytes> out{};
  Aead(wrap_key).seal(kZeroNonce, file_key, out.data());
  return out;
}

std::optional<SecureBytes> open_key(std::span<const uint8_t> wrap_key,
                                    std::span<const uint8_t> wrapped) {
  SecureBytes key(kKeyBytes);
  if (!Aead(wrap_key).open(kZeroNonce, wrapped, key.data())) return std::nullopt;
  return key;
}

// --- passphrase: scrypt ------------------------------------------------------------------------

SecureBytes scrypt_wrap_key(const SecureString& passphrase, std::span<const uint8_t> salt,
                            int log2_n) {
  Kdf kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
  if (!kdf) fail_openssl("scrypt fetch");
  KdfCtx ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) fail_openssl("scrypt context");
  std::vector<uint8_t> full_salt(kScryptLabel, kScryptLabel + sizeof kScryptLabel - 1);
  full_salt.insert(full_salt.end(), salt.begin(), salt.end());
  uint64_t n = uint64_t{1} << log2_n;
  uint32_t r = kScryptR, p = kScryptP;
  // scrypt needs 128*r*(N + p + 2) bytes; OpenSSL refuses above maxmem (default 32 MiB).
  uint64_t maxmem = 128 * uint64_t{r} * (n + p + 2) + (uint64_t{1} << 20);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                        const_cast<char*>(passphrase.data()), passphrase.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, full_salt.data(), full_salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
      OSSL_PARAM_construct_end()};
  SecureBytes key(kKeyBytes);
  if (EVP_KDF_derive(ctx.get(), key.data(), key.size(), params) != 1)
    fail_openssl("scrypt (2^" + std::to_string(log2_n) + ")");
  return key;
}

Stanza wrap_passphrase(const PassphraseRecipient& r, std::span<const uint8_t, 32> file_key,
                       Random& random) {
  if (r.log2_n < kMinScryptLog2N || r.log2_n > kMaxScryptLog2N)
    fail(ErrorClass::usage, "scrypt work factor 2^" + std::to_string(r.log2_n) + " is outside 2^" +
                                std::to_string(kMinScryptLog2N) + "..2^" +
                                std::to_string(kMaxScryptLog2N));
  Stanza s{StanzaType::passphrase, std::vector<uint8_t>(kSaltBytes)};
  random.fill(s.body);
  SecureBytes wrap_key =
      scrypt_wrap_key(r.passphrase, std::span(s.body).first(kSaltBytes), r.log2_n);
  s.body.push_back(static_cast<uint8_t>(r.log2_n));
  s.body.push_back(kScryptR);
  s.body.push_back(kScryptP);
  auto wrapped = seal_key(wrap_key, file_key);
  s.body.insert(s.body.end(), wrapped.begin(), wrapped.end());
  return s;
}

std::optional<SecureBytes> unwrap_passphrase(const Stanza& s, const PassphraseIdentity& id,
                                             const ReaderLimits& limits) {
  if (s.body.size() != kPassphraseBody)
    fail(ErrorClass::header_malformed, "passphrase stanza of " + std::to_string(s.body.size()) +
                                           " bytes (expected " + std::to_string(kPassphraseBody) +
                                           ")");
  int log2_n = s.body[kSaltBytes];
  if (s.body[kSaltBytes + 1] != kScryptR || s.body[kSaltBytes + 2] != kScryptP ||
      log2_n < kMinScryptLog2N || log2_n > kMaxScryptLog2N)
    fail(ErrorClass::header_malformed, "passphrase stanza has scrypt parameters out of range");
  // Checked before any work: a hostile header must not make the reader burn memory and time.
  if (log2_n > limits.max_scrypt_log2n)
    fail(ErrorClass::kdf_cost_too_high, "passphrase stanza asks for scrypt work factor 2^" +
                                            std::to_string(log2_n) + ", above the cap 2^" +
                                            std::to_string(limits.max_scrypt_log2n) +
                                            " (raise it with --max-work-factor)");
  auto salt = std::span(s.body).first(kSaltBytes);
  SecureBytes wrap_key = scrypt_wrap_key(id.passphrase, salt, log2_n);
  return open_key(wrap_key, std::span(s.body).subspan(kSaltBytes + 3));
}

// --- x25519 ------------------------------------------------------------------------------------

// X25519(own private, peer public). nullopt when derivation fails, which for X25519 means the
// result was all zero: the peer key is a low-order point and no secret is shared.
std::optional<SecureBytes> x25519_shared(EVP_PKEY* own, std::span<const uint8_t> peer_public) {
  PKey peer = pkey_from_raw_public(EVP_PKEY_X25519, peer_public);
  PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
  SecureBytes shared(32);
  std::size_t len = shared.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) fail_openssl("X25519 init");
  bool ok = EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) == 1 &&
            EVP_PKEY_derive(ctx.get(), shared.data(), &len) == 1 && len == shared.size();
  ERR_clear_error();
  // OpenSSL already refuses an all-zero result; checked again so the format does not depend on it.
  if (!ok || std::all_of(shared.begin(), shared.end(), [](uint8_t b) { return b == 0; }))
    return std::nullopt;
  return shared;
}

// HKDF-SHA-256 over the shared secret, bound to both public keys.
SecureBytes x25519_wrap_key(std::span<const uint8_t> shared, std::span<const uint8_t> ephemeral_pub,
                            std::span<const uint8_t> recipient_pub) {
  std::array<uint8_t, 64> salt{};
  std::copy(ephemeral_pub.begin(), ephemeral_pub.end(), salt.begin());
  std::copy(recipient_pub.begin(), recipient_pub.end(), salt.begin() + 32);
  SecureBytes key(kKeyBytes);
  hkdf_sha256(shared, salt, kX25519Info, key);
  return key;
}

Stanza wrap_x25519(const X25519Recipient& r, std::span<const uint8_t, 32> file_key,
                   Random& random) {
  SecureBytes ephemeral_private(32);
  random.fill(ephemeral_private);
  PKey ephemeral = pkey_from_raw_private(EVP_PKEY_X25519, ephemeral_private);
  auto ephemeral_pub = raw_public_key(ephemeral.get());
  auto shared = x25519_shared(ephemeral.get(), r.public_key);
  if (!shared)
    fail(ErrorClass::usage, "X25519 recipient " + encode_recipient(r.public_key) +
                                " is not a usable public key (low-order point)");
  auto wrapped = seal_key(x25519_wrap_key(*shared, ephemeral_pub, r.public_key), file_key);
  Stanza s{StanzaType::x25519, std::vector<uint8_t>(ephemeral_pub.begin(), ephemeral_pub.end())};
  s.body.insert(s.body.end(), wrapped.begin(), wrapped.end());
  return s;
}

std::optional<SecureBytes> unwrap_x25519(const Stanza& s, const X25519Identity& id) {
  if (s.body.size() != kX25519Body)
    fail(ErrorClass::header_malformed, "x25519 stanza of " + std::to_string(s.body.size()) +
                                           " bytes (expected " + std::to_string(kX25519Body) + ")");
  if (id.private_key.size() != 32) fail(ErrorClass::usage, "X25519 identity of the wrong size");
  auto ephemeral_pub = std::span(s.body).first(32);
  PKey own = pkey_from_raw_private(EVP_PKEY_X25519, id.private_key);
  auto shared = x25519_shared(own.get(), ephemeral_pub);
  if (!shared)
    fail(ErrorClass::header_malformed, "x25519 stanza's ephemeral key is a low-order point");
  return open_key(x25519_wrap_key(*shared, ephemeral_pub, id.public_key),
                  std::span(s.body).subspan(32));
}

// --- rsa-oaep ----------------------------------------------------------------------------------

// OAEP with SHA-256 for both the label hash and MGF1, and the format's label, for either direction.
// Returns the context ready for EVP_PKEY_encrypt/decrypt, or null when init fails.
PKeyCtx rsa_oaep_ctx(EVP_PKEY* pkey, bool encrypt) {
  PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!ctx) return ctx;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE,
                                       const_cast<char*>(OSSL_PKEY_RSA_PAD_MODE_OAEP), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST,
                                       const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST,
                                       const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL,
                                        const_cast<char*>(kRsaLabel), sizeof kRsaLabel - 1),
      OSSL_PARAM_construct_end()};
  int ok = encrypt ? EVP_PKEY_encrypt_init_ex(ctx.get(), params)
                   : EVP_PKEY_decrypt_init_ex(ctx.get(), params);
  if (ok != 1) ctx.reset();
  return ctx;
}

// OAEP's random seed comes from OpenSSL's RAND, not from `Random`: the provider offers no way
// to inject it. RSA stanzas are therefore never byte-for-byte reproducible.
Stanza wrap_rsa(const RsaRecipient& r, std::span<const uint8_t, 32> file_key) {
  EVP_PKEY* pkey = shared_pkey(r.pkey);
  if (pkey == nullptr || !EVP_PKEY_is_a(pkey, "RSA"))
    fail(ErrorClass::usage, "RSA recipient " + r.label + " holds no RSA key");
  if (EVP_PKEY_get_bits(pkey) < static_cast<int>(kMinRsaBits))
    fail(ErrorClass::usage, "RSA recipient " + r.label + " has a " +
                                std::to_string(EVP_PKEY_get_bits(pkey)) +
                                "-bit key; at least 2048 bits are required");
  PKeyCtx ctx = rsa_oaep_ctx(pkey, true);
  std::size_t len = 0;
  if (!ctx || EVP_PKEY_encrypt(ctx.get(), nullptr, &len, file_key.data(), file_key.size()) != 1)
    fail_openssl("RSA-OAEP encrypt init");
  Stanza s{StanzaType::rsa_oaep, std::vector<uint8_t>(len)};
  if (EVP_PKEY_encrypt(ctx.get(), s.body.data(), &len, file_key.data(), file_key.size()) != 1)
    fail_openssl("RSA-OAEP encrypt");
  s.body.resize(len);
  return s;
}

std::optional<SecureBytes> unwrap_rsa(const Stanza& s, const RsaIdentity& id) {
  EVP_PKEY* pkey = shared_pkey(id.pkey);
  if (pkey == nullptr) fail(ErrorClass::usage, "empty RSA identity");
  // A stanza for a key of another size cannot be ours; not malformed, just someone else's.
  if (s.body.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey))) return std::nullopt;
  PKeyCtx ctx = rsa_oaep_ctx(pkey, false);
  if (!ctx) fail_openssl("RSA-OAEP decrypt init");
  SecureBytes key(s.body.size());
  std::size_t len = key.size();
  int ok = EVP_PKEY_decrypt(ctx.get(), key.data(), &len, s.body.data(), s.body.size());
  ERR_clear_error();
  if (ok != 1 || len != kKeyBytes) return std::nullopt;
  key.resize(kKeyBytes);
  return key;
}

}  // namespace

Stanza plaintext_key_stanza(std::span<const uint8_t, 32> file_key) {
  return Stanza{StanzaType::plaintext_key, std::vector<uint8_t>(file_key.begin(), file_key.end())};
}

Stanza wrap_file_key(const Recipient& recipient, std::span<const uint8_t, 32> file_key,
                     Random& random) {
  struct Wrap {
    std::span<const uint8_t, 32> key;
    Random& random;
    Stanza operator()(const PassphraseRecipient& r) const {
      return wrap_passphrase(r, key, random);
    }
    Stanza operator()(const X25519Recipient& r) const { return wrap_x25519(r, key, random); }
    Stanza operator()(const RsaRecipient& r) const { return wrap_rsa(r, key); }
  };
  return std::visit(Wrap{file_key, random}, recipient);
}

std::optional<SecureBytes> unwrap_file_key(const Stanza& stanza, const Identity& identity,
                                           const ReaderLimits& limits) {
  switch (stanza.type) {
    case StanzaType::plaintext_key:
      // Not wrapped at all: any identity (or none) "opens" it.
      if (stanza.body.size() != kKeyBytes)
        fail(ErrorClass::header_malformed,
             "plaintext-key stanza of " + std::to_string(stanza.body.size()) + " bytes");
      return SecureBytes(stanza.body.begin(), stanza.body.end());
    case StanzaType::passphrase:
      if (auto* id = std::get_if<PassphraseIdentity>(&identity))
        return unwrap_passphrase(stanza, *id, limits);
      return std::nullopt;
    case StanzaType::x25519:
      if (auto* id = std::get_if<X25519Identity>(&identity)) return unwrap_x25519(stanza, *id);
      return std::nullopt;
    case StanzaType::rsa_oaep:
      if (auto* id = std::get_if<RsaIdentity>(&identity)) return unwrap_rsa(stanza, *id);
      return std::nullopt;
  }
  fail(ErrorClass::unsupported_version,
       "unknown stanza type " + std::to_string(static_cast<int>(stanza.type)));
}

}  // namespace ppc::detail
