#pragma once
// Recipients (who can open a package) and identities (what opens it).
//
// A package's random file key is wrapped once per recipient:
//   - a passphrase (scrypt, tunable work factor, capped by readers);
//   - an X25519 public key, written "ppc1…" (the analyst's identity; the asset holds no secret);
//   - an X.509 certificate with an RSA key (RSA-OAEP-SHA256), for organisations with a PKI.
// See docs/FORMAT.md, "Recipient stanzas".
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ppc/secure.hpp"

namespace ppc {

enum class StanzaType : uint8_t { plaintext_key = 0, passphrase = 1, x25519 = 2, rsa_oaep = 3 };
std::string_view to_string(StanzaType t);

inline constexpr int kDefaultScryptLog2N = 18;  // 256 MiB, ~0.5 s on this project's machines
inline constexpr int kMinScryptLog2N = 10;      // tests only; the CLI refuses less than 15
inline constexpr int kDefaultScryptCap = 20;    // readers refuse more unless told otherwise

struct PassphraseRecipient {
  SecureString passphrase;
  int log2_n = kDefaultScryptLog2N;
};
struct X25519Recipient {
  std::array<uint8_t, 32> public_key{};
};
// Holds an EVP_PKEY (RSA public key taken from a certificate or public key PEM).
struct RsaRecipient {
  std::shared_ptr<void> pkey;  // EVP_PKEY*, freed with EVP_PKEY_free
  std::string label;           // subject of the certificate, for messages only (not stored)
  std::string subject;         // the certificate's subject (RFC 2253); empty for a bare key
  // Lowercase hex SHA-256 of the certificate (DER), or of the public key (DER
  // SubjectPublicKeyInfo) when no certificate was given: what the custody record names it by.
  std::string sha256;
};
using Recipient = std::variant<PassphraseRecipient, X25519Recipient, RsaRecipient>;

struct PassphraseIdentity {
  SecureString passphrase;
};
struct X25519Identity {
  SecureBytes private_key;  // 32 bytes
  std::array<uint8_t, 32> public_key{};
};
struct RsaIdentity {
  std::shared_ptr<void> pkey;  // EVP_PKEY* with the private key
};
using Identity = std::variant<PassphraseIdentity, X25519Identity, RsaIdentity>;

// --- X25519 identities and their text forms -------------------------------------------------
// Public recipient string: "ppc1" + lowercase base32 (RFC 4648, no padding) of
// public key (32 bytes) || first 4 bytes of SHA-256("ppc recipient" || public key).
// Identity file: comment lines starting with '#', one line "PPC-SECRET-KEY-1" + uppercase base32
// of private key || 4-byte checksum (same construction with "ppc identity").
X25519Identity generate_x25519_identity();
std::string encode_recipient(const std::array<uint8_t, 32>& public_key);
X25519Recipient parse_recipient(std::string_view text);  // throws Error(usage) naming the problem
std::string encode_identity(const X25519Identity& id);
X25519Identity parse_identity(std::string_view line);
// An identity file's whole text: "# created: …", "# public key: ppc1…", the secret line.
std::string identity_file_text(const X25519Identity& id, std::string_view created_utc);
// Reads every identity line of an identity file's text (comments and blank lines skipped).
std::vector<X25519Identity> parse_identity_file(std::string_view text, std::string_view source);

// --- RSA / X.509 -------------------------------------------------------------------------------
// A PEM certificate, or a PEM public key; throws Error(usage) when it is neither or not RSA.
RsaRecipient load_rsa_recipient_pem(std::string_view pem, std::string_view source);
// A PEM private key (PKCS#1 or PKCS#8, unencrypted).
RsaIdentity load_rsa_identity_pem(std::string_view pem, std::string_view source);

// --- Signing (optional): Ed25519 over the final manifest digest --------------------------------
struct SigningKey {
  SecureBytes private_key;  // 32-byte Ed25519 seed
  std::array<uint8_t, 32> public_key{};
};
SigningKey generate_signing_key();
SigningKey load_signing_key_pem(std::string_view pem, std::string_view source);
std::array<uint8_t, 32> load_verify_key_pem(std::string_view pem, std::string_view source);
std::string signing_key_pem(const SigningKey& key);              // PKCS#8 PEM private key
std::string verify_key_pem(const std::array<uint8_t, 32>& pub);  // SubjectPublicKeyInfo PEM
// Key id shown to analysts: first 16 hex digits of SHA-256 of the raw public key.
std::string key_id(const std::array<uint8_t, 32>& public_key);
// Ed25519 (pure, no pre-hash) signature over `message`, and its check. ed25519_verify returns
// false for any bad signature, wrong length or invalid public key; it throws only when OpenSSL
// itself fails.
std::array<uint8_t, 64> ed25519_sign(const SigningKey& key, std::span<const uint8_t> message);
bool ed25519_verify(const std::array<uint8_t, 32>& public_key, std::span<const uint8_t> message,
                    std::span<const uint8_t> signature);

}  // namespace ppc
