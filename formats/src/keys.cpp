// X25519 identities and their text forms (ppc1… recipients, PPC-SECRET-KEY-1… identities), plus
// the raw-key helpers other key code shares. RSA and Ed25519 PEM handling is in keys_pem.cpp.
#include "ppc/keys.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>

#include "base32.hpp"
#include "keys_internal.hpp"
#include "ppc/error.hpp"

namespace ppc {

std::string_view to_string(StanzaType t) {
  switch (t) {
    case StanzaType::plaintext_key:
      return "plaintext-key";
    case StanzaType::passphrase:
      return "passphrase";
    case StanzaType::x25519:
      return "x25519";
    case StanzaType::rsa_oaep:
      return "rsa-oaep";
  }
  return "unknown";
}

namespace detail {

PKey pkey_from_raw_private(int type, std::span<const uint8_t> raw) {
  PKey pkey(EVP_PKEY_new_raw_private_key(type, nullptr, raw.data(), raw.size()));
  if (!pkey) fail_openssl("raw private key");
  return pkey;
}

PKey pkey_from_raw_public(int type, std::span<const uint8_t> raw) {
  PKey pkey(EVP_PKEY_new_raw_public_key(type, nullptr, raw.data(), raw.size()));
  if (!pkey) fail_openssl("raw public key");
  return pkey;
}

std::array<uint8_t, 32> raw_public_key(EVP_PKEY* pkey) {
  std::array<uint8_t, 32> out{};
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) != 1 || len != out.size())
    fail_openssl("raw public key export");
  return out;
}

SecureBytes raw_private_key(EVP_PKEY* pkey) {
  SecureBytes out(32);
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_private_key(pkey, out.data(), &len) != 1 || len != out.size())
    fail_openssl("raw private key export");
  return out;
}

std::shared_ptr<void> share_pkey(PKey pkey) {
  return std::shared_ptr<void>(pkey.release(),
                               [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

Bio memory_bio(std::string_view text) {
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) fail_openssl("memory BIO");
  return bio;
}

}  // namespace detail

namespace {

constexpr std::string_view kRecipientPrefix = "ppc1";
constexpr std::string_view kIdentityPrefix = "PPC-SECRET-KEY-1";
constexpr std::size_t kChecksumBytes = 4;
constexpr std::size_t kEncodedChars = ((32 + kChecksumBytes) * 8 + 4) / 5;  // 58

// First 4 bytes of SHA-256(label || key): catches typos in hand-copied keys, nothing more.
std::array<uint8_t, kChecksumBytes> checksum(std::string_view label, std::span<const uint8_t> key) {
  detail::MdCtx ctx;
  detail::digest_init(ctx, EVP_sha256());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestUpdate(ctx.get(), label.data(), label.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), key.data(), key.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1)
    fail_openssl("key checksum");
  std::array<uint8_t, kChecksumBytes> out{};
  std::memcpy(out.data(), digest, out.size());
  return out;
}

// Key || checksum in base32. Shared by both text forms.
std::string encode_keyed(std::string_view label, std::span<const uint8_t> key, bool upper) {
  SecureBytes data(key.begin(), key.end());
  auto sum = checksum(label, key);
  data.insert(data.end(), sum.begin(), sum.end());
  return detail::base32_encode(data, upper);
}

// Inverse of encode_keyed: the 32-byte key, or Error(usage) "<what>: <problem>".
SecureBytes decode_keyed(std::string_view text, std::string_view prefix, std::string_view label,
                         const std::string& what) {
  if (text.substr(0, prefix.size()) != prefix)
    fail(ErrorClass::usage, what + ": does not start with " + std::string(prefix));
  std::string_view payload = text.substr(prefix.size());
  if (payload.size() != kEncodedChars)
    fail(ErrorClass::usage, what + ": wrong length (" + std::to_string(payload.size()) +
                                " characters after " + std::string(prefix) + ", expected " +
                                std::to_string(kEncodedChars) + ")");
  auto data = detail::base32_decode(payload);
  if (!data)
    fail(ErrorClass::usage, what + ": not valid base32 (letters and digits 2-7 only; typo?)");
  SecureBytes key(data->begin(), data->begin() + 32);
  auto sum = checksum(label, key);
  if (std::memcmp(sum.data(), data->data() + 32, kChecksumBytes) != 0)
    fail(ErrorClass::usage, what + ": checksum mismatch (typo?)");
  return key;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view space = " \t\r\n";
  std::size_t b = s.find_first_not_of(space);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(space) - b + 1);
}

}  // namespace

X25519Identity generate_x25519_identity() {
  detail::PKey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  if (!pkey) fail_openssl("X25519 key generation");
  X25519Identity id;
  id.private_key = detail::raw_private_key(pkey.get());
  id.public_key = detail::raw_public_key(pkey.get());
  return id;
}

std::string encode_recipient(const std::array<uint8_t, 32>& public_key) {
  return std::string(kRecipientPrefix) + encode_keyed("ppc recipient", public_key, false);
}

X25519Recipient parse_recipient(std::string_view text) {
  text = trim(text);
  if (text.substr(0, kIdentityPrefix.size()) == kIdentityPrefix)
    fail(ErrorClass::usage,
         "this is a secret identity, not a recipient: give its '# public key: ppc1...' "
         "line instead (and keep the identity off the asset)");
  // Recipients are public, so the message may quote them.
  std::string what = "not a ppc1 recipient";
  if (text.size() <= 80) what += " '" + std::string(text) + "'";
  auto key = decode_keyed(text, kRecipientPrefix, "ppc recipient", what);
  X25519Recipient r;
  std::memcpy(r.public_key.data(), key.data(), r.public_key.size());
  return r;
}

std::string encode_identity(const X25519Identity& id) {
  return std::string(kIdentityPrefix) + encode_keyed("ppc identity", id.private_key, true);
}

X25519Identity parse_identity(std::string_view line) {
  // Never quote the line: it is a secret key, possibly with one typo.
  X25519Identity id;
  id.private_key = decode_keyed(trim(line), kIdentityPrefix, "ppc identity", "not a ppc identity");
  auto pkey = detail::pkey_from_raw_private(EVP_PKEY_X25519, id.private_key);
  id.public_key = detail::raw_public_key(pkey.get());
  return id;
}

std::string identity_file_text(const X25519Identity& id, std::string_view created_utc) {
  std::string text = "# created: " + std::string(created_utc) + "\n";
  text += "# public key: " + encode_recipient(id.public_key) + "\n";
  text += encode_identity(id) + "\n";
  return text;
}

std::vector<X25519Identity> parse_identity_file(std::string_view text, std::string_view source) {
  std::vector<X25519Identity> ids;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    try {
      ids.push_back(parse_identity(line));
    } catch (const Error& e) {
      fail(e.error_class(),
           std::string(source) + " line " + std::to_string(line_no) + ": " + e.what());
    }
  }
  if (ids.empty())
    fail(ErrorClass::usage, std::string(source) + ": no identity in it (expected a line " +
                                std::string(kIdentityPrefix) + "…)");
  return ids;
}

}  // namespace ppc
