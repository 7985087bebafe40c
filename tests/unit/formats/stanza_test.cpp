// Recipient stanzas: round trips, failure classes, and conformance of the byte layouts with
// docs/FORMAT.md, checked by redoing each construction with the openssl CLI.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "../../../formats/src/crypto.hpp"
#include "../../../formats/src/stanza.hpp"
#include "ppc/environment.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "scratch_dir.hpp"

namespace {

using namespace ppc;
using ppc::detail::unwrap_file_key;
using ppc::detail::wrap_file_key;
using ppc::test::run;
using ppc::test::ScratchDir;

constexpr int kTestLog2N = 10;  // fast; real packages use 2^18

std::array<uint8_t, 32> test_file_key() {
  std::array<uint8_t, 32> key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(0xA0 + i);
  return key;
}

std::vector<uint8_t> file_key_bytes() {
  auto key = test_file_key();
  return std::vector<uint8_t>(key.begin(), key.end());
}

SecureBytes as_secure(const std::array<uint8_t, 32>& key) {
  return SecureBytes(key.begin(), key.end());
}

Recipient passphrase_recipient(std::string_view pass) {
  return PassphraseRecipient{make_secure_string(pass), kTestLog2N};
}
Identity passphrase_identity(std::string_view pass) {
  return PassphraseIdentity{make_secure_string(pass)};
}

Stanza wrap(const Recipient& r, uint64_t seed) {
  SeededRandom random(seed);
  return wrap_file_key(r, test_file_key(), random);
}

void expect_class(const Stanza& s, const Identity& id, ErrorClass c, ReaderLimits limits = {}) {
  try {
    unwrap_file_key(s, id, limits);
    ADD_FAILURE() << "no error; expected " << to_string(c);
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), c) << e.what();
  }
}

// AES-256-GCM, zero nonce, over a stanza's wrapped part: the spec's last step, done here.
std::optional<SecureBytes> open_wrapped(std::span<const uint8_t> wrap_key,
                                        std::span<const uint8_t> wrapped) {
  SecureBytes out(32);
  std::array<uint8_t, 12> nonce{};
  if (!detail::Aead(wrap_key).open(nonce, wrapped, out.data())) return std::nullopt;
  return out;
}

std::vector<uint8_t> unhex(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  // `openssl kdf` prints colon-separated uppercase hex.
  std::erase(text, ':');
  std::vector<uint8_t> out(text.size() / 2);
  EXPECT_TRUE(from_hex(text, out)) << text;
  return out;
}

// --- plaintext key -----------------------------------------------------------------------------

TEST(Stanza, PlaintextKeyIsTheKeyItself) {
  Stanza s = detail::plaintext_key_stanza(test_file_key());
  EXPECT_EQ(s.type, StanzaType::plaintext_key);
  EXPECT_EQ(s.body, file_key_bytes());
  EXPECT_EQ(unwrap_file_key(s, passphrase_identity("x"), {}), as_secure(test_file_key()));
  s.body.pop_back();
  expect_class(s, passphrase_identity("x"), ErrorClass::header_malformed);
}

// --- passphrase --------------------------------------------------------------------------------

TEST(Stanza, PassphraseRoundTripAndLayout) {
  Stanza s = wrap(passphrase_recipient("correct horse"), 1);
  EXPECT_EQ(s.type, StanzaType::passphrase);
  ASSERT_EQ(s.body.size(), 67u);
  EXPECT_EQ(s.body[16], kTestLog2N);
  EXPECT_EQ(s.body[17], 8);
  EXPECT_EQ(s.body[18], 1);
  EXPECT_EQ(unwrap_file_key(s, passphrase_identity("correct horse"), {}),
            as_secure(test_file_key()));
}

TEST(Stanza, PassphraseIsDeterministicForASeed) {
  EXPECT_EQ(wrap(passphrase_recipient("pw"), 7).body, wrap(passphrase_recipient("pw"), 7).body);
  EXPECT_NE(wrap(passphrase_recipient("pw"), 7).body, wrap(passphrase_recipient("pw"), 8).body);
}

TEST(Stanza, WrongPassphraseIsNotAMatch) {
  Stanza s = wrap(passphrase_recipient("correct horse"), 1);
  EXPECT_EQ(unwrap_file_key(s, passphrase_identity("correct hors"), {}), std::nullopt);
}

TEST(Stanza, WorkFactorOverTheCapIsRefusedBeforeScrypt) {
  Stanza s = wrap(passphrase_recipient("pw"), 1);
  s.body[16] = 30;  // 2^30 * 1 KiB: scrypt would need 1 TiB of memory
  ReaderLimits limits;
  limits.max_scrypt_log2n = 20;
  auto start = std::chrono::steady_clock::now();
  try {
    unwrap_file_key(s, passphrase_identity("pw"), limits);
    FAIL() << "accepted a work factor over the cap";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kdf_cost_too_high);
    EXPECT_STREQ(e.what(),
                 "passphrase stanza asks for scrypt work factor 2^30, above the cap 2^20 (raise it "
                 "with --max-work-factor)");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST(Stanza, MalformedPassphraseBodies) {
  const Stanza good = wrap(passphrase_recipient("pw"), 1);
  auto id = passphrase_identity("pw");
  auto changed = [&](std::size_t index, uint8_t value) {
    Stanza s = good;
    s.body[index] = value;
    return s;
  };
  expect_class(changed(17, 4), id, ErrorClass::header_malformed);   // r != 8
  expect_class(changed(18, 2), id, ErrorClass::header_malformed);   // p != 1
  expect_class(changed(16, 9), id, ErrorClass::header_malformed);   // log2N < 10
  expect_class(changed(16, 41), id, ErrorClass::header_malformed);  // log2N > 40
  Stanza shorter = good, longer = good;
  shorter.body.pop_back();
  longer.body.push_back(0);
  expect_class(shorter, id, ErrorClass::header_malformed);
  expect_class(longer, id, ErrorClass::header_malformed);
}

TEST(Stanza, WriterRefusesWorkFactorOutOfRange) {
  SeededRandom random(1);
  Recipient weak = PassphraseRecipient{make_secure_string("pw"), 9};
  EXPECT_THROW(wrap_file_key(weak, test_file_key(), random), Error);
}

// scrypt as the spec states it, by `openssl kdf`; then AES-GCM opens the wrapped key.
TEST(Stanza, PassphraseLayoutMatchesTheSpec) {
  ScratchDir dir;
  Stanza s = wrap(passphrase_recipient("correct horse"), 3);
  std::string_view label = "ppc/v1 passphrase";
  std::string salt = to_hex({reinterpret_cast<const uint8_t*>(label.data()), label.size()});
  salt += to_hex(std::span(s.body).first(16));
  auto r = run(dir, "openssl kdf -keylen 32 -kdfopt 'pass:correct horse' -kdfopt hexsalt:" + salt +
                        " -kdfopt n:1024 -kdfopt r:8 -kdfopt p:1 SCRYPT");
  ASSERT_EQ(r.status, 0) << r.output;
  auto key = open_wrapped(unhex(r.output), std::span(s.body).subspan(19));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, as_secure(test_file_key()));
}

// --- x25519 ------------------------------------------------------------------------------------

TEST(Stanza, X25519RoundTripAndDeterminism) {
  X25519Identity id = generate_x25519_identity();
  Recipient r = X25519Recipient{id.public_key};
  Stanza s = wrap(r, 5);
  EXPECT_EQ(s.type, StanzaType::x25519);
  ASSERT_EQ(s.body.size(), 80u);
  EXPECT_EQ(unwrap_file_key(s, id, {}), as_secure(test_file_key()));
  EXPECT_EQ(wrap(r, 5).body, s.body);
  EXPECT_NE(wrap(r, 6).body, s.body);
}

TEST(Stanza, OtherX25519KeyIsNotAMatch) {
  Stanza s = wrap(X25519Recipient{generate_x25519_identity().public_key}, 5);
  EXPECT_EQ(unwrap_file_key(s, generate_x25519_identity(), {}), std::nullopt);
}

TEST(Stanza, MalformedX25519Bodies) {
  X25519Identity id = generate_x25519_identity();
  Stanza s = wrap(X25519Recipient{id.public_key}, 5);
  Stanza shorter = s;
  shorter.body.pop_back();
  expect_class(shorter, id, ErrorClass::header_malformed);
  Stanza low_order = s;  // u = 0 is a low-order point: the shared secret would be all zero
  std::fill(low_order.body.begin(), low_order.body.begin() + 32, 0);
  expect_class(low_order, id, ErrorClass::header_malformed);
  SeededRandom random(1);
  EXPECT_THROW(wrap_file_key(X25519Recipient{}, test_file_key(), random), Error);
}

// The shared secret by `openssl pkeyutl -derive`, HKDF by `openssl kdf`, both from the spec.
TEST(Stanza, X25519LayoutMatchesTheSpec) {
  ScratchDir dir;
  X25519Identity id = generate_x25519_identity();
  Stanza s = wrap(X25519Recipient{id.public_key}, 9);
  // Fixed DER prefixes of an X25519 PKCS#8 private key and SubjectPublicKeyInfo (RFC 8410).
  std::vector<uint8_t> priv = unhex("302e020100300506032b656e04220420");
  priv.insert(priv.end(), id.private_key.begin(), id.private_key.end());
  std::vector<uint8_t> peer = unhex("302a300506032b656e032100");
  peer.insert(peer.end(), s.body.begin(), s.body.begin() + 32);
  dir.write("priv.der", priv);
  dir.write("peer.der", peer);
  auto r = run(dir,
               "openssl pkeyutl -derive -keyform DER -inkey priv.der -peerform DER "
               "-peerkey peer.der -out shared && od -An -tx1 -v shared | tr -d ' \\n'");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string salt = to_hex(std::span(s.body).first(32)) + to_hex(id.public_key);
  r = run(dir, "openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:" + r.output +
                   " -kdfopt hexsalt:" + salt + " -kdfopt 'info:ppc/v1 x25519' HKDF");
  ASSERT_EQ(r.status, 0) << r.output;
  auto key = open_wrapped(unhex(r.output), std::span(s.body).subspan(32));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, as_secure(test_file_key()));
}

// --- rsa-oaep ----------------------------------------------------------------------------------

class RsaStanza : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<ScratchDir>();
    auto r = run(*dir_,
                 "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
                 "-days 2 -subj /CN=analyst && "
                 "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem && "
                 "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out big.pem && "
                 "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out small.pem && "
                 "openssl pkey -in small.pem -pubout -out small_pub.pem");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static Identity identity(const char* name) {
    return load_rsa_identity_pem(dir_->read(name), name);
  }
  static Recipient recipient(const char* name) {
    return load_rsa_recipient_pem(dir_->read(name), name);
  }
  static std::unique_ptr<ScratchDir> dir_;
};
std::unique_ptr<ScratchDir> RsaStanza::dir_;

TEST_F(RsaStanza, RoundTrip) {
  Stanza s = wrap(recipient("cert.pem"), 1);
  EXPECT_EQ(s.type, StanzaType::rsa_oaep);
  EXPECT_EQ(s.body.size(), 256u);  // the modulus size
  EXPECT_EQ(unwrap_file_key(s, identity("key.pem"), {}), as_secure(test_file_key()));
}

TEST_F(RsaStanza, OtherKeysAreNotAMatch) {
  Stanza s = wrap(recipient("cert.pem"), 1);
  EXPECT_EQ(unwrap_file_key(s, identity("other.pem"), {}), std::nullopt);
  EXPECT_EQ(unwrap_file_key(s, identity("big.pem"), {}), std::nullopt);  // other modulus size
  Stanza tampered = s;
  tampered.body[100] ^= 1;
  EXPECT_EQ(unwrap_file_key(tampered, identity("key.pem"), {}), std::nullopt);
}

TEST_F(RsaStanza, RefusesKeysUnder2048Bits) {
  SeededRandom random(1);
  try {
    wrap_file_key(recipient("small_pub.pem"), test_file_key(), random);
    FAIL() << "wrapped to a 1024-bit key";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::usage);
    EXPECT_NE(std::string(e.what()).find("1024-bit"), std::string::npos) << e.what();
  }
}

// OAEP with SHA-256, MGF1-SHA-256 and the label, undone by `openssl pkeyutl`.
TEST_F(RsaStanza, LayoutMatchesTheSpec) {
  Stanza s = wrap(recipient("cert.pem"), 1);
  dir_->write("stanza.bin", s.body);
  std::string label = "7070632f7631207273612d6f616570";  // hex of "ppc/v1 rsa-oaep"
  auto r = run(*dir_,
               "openssl pkeyutl -decrypt -inkey key.pem -in stanza.bin -out key.bin "
               "-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 "
               "-pkeyopt rsa_mgf1_md:sha256 -pkeyopt rsa_oaep_label:" +
                   label);
  ASSERT_EQ(r.status, 0) << r.output;
  auto key = dir_->read_bytes("key.bin");
  EXPECT_EQ(key, file_key_bytes());
}

// --- across types ------------------------------------------------------------------------------

TEST(Stanza, IdentityOfAnotherTypeIsNotAMatch) {
  X25519Identity x = generate_x25519_identity();
  Stanza pass = wrap(passphrase_recipient("pw"), 1);
  Stanza x25519 = wrap(X25519Recipient{x.public_key}, 1);
  EXPECT_EQ(unwrap_file_key(pass, x, {}), std::nullopt);
  EXPECT_EQ(unwrap_file_key(x25519, passphrase_identity("pw"), {}), std::nullopt);
  EXPECT_EQ(unwrap_file_key(x25519, RsaIdentity{}, {}), std::nullopt);
}

}  // namespace
