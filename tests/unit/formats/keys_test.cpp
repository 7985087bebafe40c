// Key text forms, PEM loading (against keys the openssl CLI makes) and Ed25519 signing.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/keys.hpp"
#include "scratch_dir.hpp"

namespace {

using namespace ppc;
using ppc::test::run;
using ppc::test::ScratchDir;

// Runs `call`, expecting Error of class `c` whose message contains `text`.
template <class F>
void expect_error(F call, ErrorClass c, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no error thrown; expected " << to_string(c) << " with '" << text << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), c) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

// Changes one base32 character in the middle (still valid base32, same length).
std::string with_typo(std::string s, std::size_t pos) {
  s[pos] = s[pos] == 'q' ? 'r' : (s[pos] == 'Q' ? 'R' : (std::islower(s[pos]) ? 'q' : 'Q'));
  return s;
}

TEST(Keys, StanzaTypeNames) {
  EXPECT_EQ(to_string(StanzaType::plaintext_key), "plaintext-key");
  EXPECT_EQ(to_string(StanzaType::passphrase), "passphrase");
  EXPECT_EQ(to_string(StanzaType::x25519), "x25519");
  EXPECT_EQ(to_string(StanzaType::rsa_oaep), "rsa-oaep");
}

TEST(Keys, RecipientStringRoundTrip) {
  X25519Identity id = generate_x25519_identity();
  std::string text = encode_recipient(id.public_key);
  ASSERT_EQ(text.size(), 4u + 58u);
  EXPECT_EQ(text.substr(0, 4), "ppc1");
  for (char c : text.substr(4)) EXPECT_TRUE(std::islower(c) || (c >= '2' && c <= '7')) << text;
  EXPECT_EQ(parse_recipient(text).public_key, id.public_key);
  EXPECT_EQ(parse_recipient("  " + text + "\n").public_key, id.public_key);  // pasted with spaces
}

TEST(Keys, RecipientChecksumCatchesTypo) {
  std::string text = encode_recipient(generate_x25519_identity().public_key);
  expect_error([&] { parse_recipient(with_typo(text, 20)); }, ErrorClass::usage,
               "not a ppc1 recipient");
  expect_error([&] { parse_recipient(with_typo(text, 20)); }, ErrorClass::usage,
               "checksum mismatch (typo?)");
}

TEST(Keys, RecipientRejectsMalformedText) {
  std::string text = encode_recipient(generate_x25519_identity().public_key);
  expect_error([&] { parse_recipient("age1" + text.substr(4)); }, ErrorClass::usage,
               "does not start with ppc1");
  expect_error([&] { parse_recipient(text.substr(0, text.size() - 1)); }, ErrorClass::usage,
               "wrong length");
  expect_error([&] { parse_recipient(text + "a"); }, ErrorClass::usage, "wrong length");
  std::string bad = text;
  bad[10] = '1';  // not in the base32 alphabet
  expect_error([&] { parse_recipient(bad); }, ErrorClass::usage, "not valid base32");
}

TEST(Keys, IdentityStringRoundTrip) {
  X25519Identity id = generate_x25519_identity();
  std::string text = encode_identity(id);
  EXPECT_EQ(text.substr(0, 16), "PPC-SECRET-KEY-1");
  for (char c : text.substr(16)) EXPECT_TRUE(std::isupper(c) || (c >= '2' && c <= '7')) << text;
  X25519Identity back = parse_identity(text);
  EXPECT_EQ(back.private_key, id.private_key);
  EXPECT_EQ(back.public_key, id.public_key);  // recomputed from the private key
}

TEST(Keys, IdentityTypoIsCaughtWithoutEchoingTheSecret) {
  std::string text = encode_identity(generate_x25519_identity());
  std::string typo = with_typo(text, 30);
  try {
    parse_identity(typo);
    FAIL() << "typo accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::usage);
    EXPECT_NE(std::string(e.what()).find("checksum mismatch (typo?)"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find(typo.substr(16)), std::string::npos) << e.what();
  }
}

TEST(Keys, IdentityFileRoundTrip) {
  X25519Identity a = generate_x25519_identity(), b = generate_x25519_identity();
  std::string text = identity_file_text(a, "2024-05-01T10:00:00Z");
  EXPECT_EQ(text, "# created: 2024-05-01T10:00:00Z\n# public key: " +
                      encode_recipient(a.public_key) + "\n" + encode_identity(a) + "\n");
  // Two identities, CRLF line ends and blank lines, as a hand-merged file might have.
  std::string merged = text + "\r\n\r\n# second\r\n" + encode_identity(b) + "\r\n";
  auto ids = parse_identity_file(merged, "analyst.key");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].public_key, a.public_key);
  EXPECT_EQ(ids[1].private_key, b.private_key);
}

TEST(Keys, IdentityFileErrorsNameSourceAndLine) {
  std::string good = encode_identity(generate_x25519_identity());
  std::string text = "# created: x\n\n" + good + "\n" + with_typo(good, 40) + "\n";
  expect_error([&] { parse_identity_file(text, "case.key"); }, ErrorClass::usage,
               "case.key line 4: not a ppc identity: checksum mismatch");
  expect_error([&] { parse_identity_file("# only comments\n\n", "empty.key"); }, ErrorClass::usage,
               "empty.key: no identity");
}

// --- RSA, with keys and certificates the openssl CLI makes ---------------------------------------

class RsaKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = run(dir,
                 "openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
                 "-days 2 -subj '/CN=Test Analyst/O=Case Lab' && "
                 "openssl pkey -in key.pem -pubout -out pub.pem && "
                 "openssl rsa -in key.pem -traditional -out key1.pem && "
                 "openssl rsa -in key.pem -RSAPublicKey_out -out pub1.pem");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  ScratchDir dir;
};

TEST_F(RsaKeys, RecipientFromCertificate) {
  RsaRecipient r = load_rsa_recipient_pem(dir.read("cert.pem"), "cert.pem");
  ASSERT_TRUE(r.pkey);
  EXPECT_NE(r.label.find("CN=Test Analyst"), std::string::npos) << r.label;
}

// The custody record names an RSA recipient as openssl does: the certificate's SHA-256
// fingerprint (x509 -fingerprint -sha256), or the SHA-256 of the DER public key without one.
TEST_F(RsaKeys, RecipientFingerprintsMatchOpenssl) {
  auto cert = run(dir, "openssl x509 -in cert.pem -outform DER | sha256sum | cut -c1-64");
  auto spki = run(dir, "openssl pkey -pubin -in pub.pem -outform DER | sha256sum | cut -c1-64");
  ASSERT_EQ(cert.status, 0);
  ASSERT_EQ(spki.status, 0);
  RsaRecipient from_cert = load_rsa_recipient_pem(dir.read("cert.pem"), "cert.pem");
  EXPECT_EQ(from_cert.sha256 + "\n", cert.output);
  EXPECT_NE(from_cert.subject.find("CN=Test Analyst"), std::string::npos) << from_cert.subject;
  RsaRecipient from_key = load_rsa_recipient_pem(dir.read("pub.pem"), "pub.pem");
  EXPECT_EQ(from_key.sha256 + "\n", spki.output);
  EXPECT_EQ(from_key.subject, "");
  EXPECT_EQ(load_rsa_recipient_pem(dir.read("pub1.pem"), "pub1.pem").sha256, from_key.sha256);
}

TEST_F(RsaKeys, RecipientFromPublicKeyPem) {
  EXPECT_TRUE(load_rsa_recipient_pem(dir.read("pub.pem"), "pub.pem").pkey);    // SPKI
  EXPECT_TRUE(load_rsa_recipient_pem(dir.read("pub1.pem"), "pub1.pem").pkey);  // PKCS#1
}

TEST_F(RsaKeys, IdentityFromPkcs8AndPkcs1) {
  EXPECT_NE(dir.read("key.pem").find("BEGIN PRIVATE KEY"), std::string::npos);
  EXPECT_NE(dir.read("key1.pem").find("BEGIN RSA PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(load_rsa_identity_pem(dir.read("key.pem"), "key.pem").pkey);
  EXPECT_TRUE(load_rsa_identity_pem(dir.read("key1.pem"), "key1.pem").pkey);
}

TEST_F(RsaKeys, RefusesEncryptedAndNonRsaKeys) {
  auto r = run(dir,
               "openssl pkey -in key.pem -aes256 -passout pass:secret -out enc.pem && "
               "openssl genpkey -algorithm ed25519 -out ed.pem && "
               "openssl pkey -in ed.pem -pubout -out edpub.pem && "
               "openssl req -x509 -key ed.pem -out edcert.pem -days 2 -subj /CN=ed");
  ASSERT_EQ(r.status, 0) << r.output;
  expect_error([&] { load_rsa_identity_pem(dir.read("enc.pem"), "enc.pem"); }, ErrorClass::usage,
               "enc.pem: the private key is encrypted");
  expect_error([&] { load_rsa_identity_pem(dir.read("ed.pem"), "ed.pem"); }, ErrorClass::usage,
               "ed.pem: the key is ED25519, expected RSA");
  expect_error([&] { load_rsa_recipient_pem(dir.read("edpub.pem"), "edpub.pem"); },
               ErrorClass::usage, "expected RSA");
  expect_error([&] { load_rsa_recipient_pem(dir.read("edcert.pem"), "edcert.pem"); },
               ErrorClass::usage, "expected RSA");
  expect_error([&] { load_rsa_recipient_pem("hello", "junk.txt"); }, ErrorClass::usage,
               "junk.txt: neither a PEM certificate nor a PEM public key");
  expect_error([&] { load_rsa_identity_pem(dir.read("cert.pem"), "cert.pem"); }, ErrorClass::usage,
               "cert.pem: no PEM private key");
}

// --- Ed25519 signing ----------------------------------------------------------------------------

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Signing, Rfc8032TestVector1) {
  SigningKey key;
  key.private_key.resize(32);
  ASSERT_TRUE(from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                       key.private_key));
  ASSERT_TRUE(
      from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", key.public_key));
  auto sig = ed25519_sign(key, {});
  EXPECT_EQ(to_hex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
            "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(ed25519_verify(key.public_key, {}, sig));
}

TEST(Signing, SignVerifyAndTamper) {
  SigningKey key = generate_signing_key();
  std::string message = "manifest digest 0123";
  auto sig = ed25519_sign(key, bytes_of(message));
  EXPECT_TRUE(ed25519_verify(key.public_key, bytes_of(message), sig));
  std::string other = message;
  other.back() = '4';
  EXPECT_FALSE(ed25519_verify(key.public_key, bytes_of(other), sig));
  auto bad_sig = sig;
  bad_sig[10] ^= 1;
  EXPECT_FALSE(ed25519_verify(key.public_key, bytes_of(message), bad_sig));
  EXPECT_FALSE(ed25519_verify(generate_signing_key().public_key, bytes_of(message), sig));
  EXPECT_FALSE(ed25519_verify(key.public_key, bytes_of(message), std::span(sig).first(63)));
}

TEST(Signing, PemRoundTripAndKeyId) {
  SigningKey key = generate_signing_key();
  std::string priv = signing_key_pem(key);
  std::string pub = verify_key_pem(key.public_key);
  EXPECT_NE(priv.find("-----BEGIN PRIVATE KEY-----"), std::string::npos);
  EXPECT_NE(pub.find("-----BEGIN PUBLIC KEY-----"), std::string::npos);
  SigningKey back = load_signing_key_pem(priv, "sign.pem");
  EXPECT_EQ(back.private_key, key.private_key);
  EXPECT_EQ(back.public_key, key.public_key);
  EXPECT_EQ(load_verify_key_pem(pub, "verify.pem"), key.public_key);
  std::string id = key_id(key.public_key);
  EXPECT_EQ(id, to_hex(sha256(key.public_key)).substr(0, 16));
  expect_error([&] { load_verify_key_pem(priv, "sign.pem"); }, ErrorClass::usage,
               "sign.pem: no PEM public key");
}

// Keys made by openssl load here, and our signatures verify with the openssl CLI.
TEST(Signing, InteroperatesWithOpensslCli) {
  ScratchDir dir;
  auto r = run(dir,
               "openssl genpkey -algorithm ed25519 -out sign.pem && "
               "openssl pkey -in sign.pem -pubout -out verify.pem && printf 'hello' > msg");
  ASSERT_EQ(r.status, 0) << r.output;
  SigningKey key = load_signing_key_pem(dir.read("sign.pem"), "sign.pem");
  EXPECT_EQ(verify_key_pem(key.public_key), dir.read("verify.pem"));
  auto sig = ed25519_sign(key, bytes_of("hello"));
  dir.write("sig", std::vector<uint8_t>(sig.begin(), sig.end()));
  r = run(dir, "openssl pkeyutl -verify -pubin -inkey verify.pem -rawin -in msg -sigfile sig");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("Signature Verified Successfully"), std::string::npos) << r.output;
  dir.write("msg", std::string_view("hellO"));
  EXPECT_NE(run(dir, "openssl pkeyutl -verify -pubin -inkey verify.pem -rawin -in msg -sigfile sig")
                .status,
            0);
}

}  // namespace
