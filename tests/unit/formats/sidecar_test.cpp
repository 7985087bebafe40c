// Sidecars against the real tools: `sha256sum -c` checks our .sha256 lines, `openssl ts` parses
// our timestamp requests and plays the TSA whose responses we verify.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "ppc/hashing.hpp"
#include "ppc/sidecar.hpp"
#include "scratch_dir.hpp"

namespace {

using namespace ppc;
using ppc::test::run;
using ppc::test::ScratchDir;

std::array<uint8_t, 32> digest_of(std::string_view s) {
  return sha256({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

// --- sha256sum ---------------------------------------------------------------------------------

TEST(Sha256Sidecar, LineIsAcceptedBySha256sum) {
  ScratchDir dir;
  std::string content = "package bytes\n";
  dir.write("case-01.ppc", content);
  std::string line = sha256sum_line(digest_of(content), "case-01.ppc");
  EXPECT_EQ(line, to_hex(digest_of(content)) + "  case-01.ppc\n");
  dir.write("case-01.ppc.sha256", line);
  auto r = run(dir, "sha256sum -c case-01.ppc.sha256");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output, "case-01.ppc: OK\n");
  dir.write("case-01.ppc", std::string_view("package bytez\n"));
  r = run(dir, "sha256sum -c case-01.ppc.sha256");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.output.find("FAILED"), std::string::npos) << r.output;
}

// coreutils escapes '\' and newlines in names and marks the line with a leading backslash.
TEST(Sha256Sidecar, OddFileNamesAreEscapedLikeCoreutils) {
  ScratchDir dir;
  for (std::string name : {std::string("back\\slash.ppc"), std::string("new\nline.ppc")}) {
    dir.write(name, std::string_view("x"));
    std::string line = sha256sum_line(digest_of("x"), name);
    EXPECT_EQ(line[0], '\\') << line;
    dir.write("sums", line);
    auto r = run(dir, "sha256sum -c sums");
    EXPECT_EQ(r.status, 0) << r.output;
    auto theirs = run(dir, "sha256sum " + std::string(name.find('\n') != std::string::npos
                                                          ? "new*line.ppc"
                                                          : "'back\\slash.ppc'"));
    EXPECT_EQ(theirs.output, line);
    EXPECT_EQ(parse_sha256sum(line, name), to_hex(digest_of("x")));
  }
}

TEST(Sha256Sidecar, ParsesWhatSha256sumWrites) {
  ScratchDir dir;
  dir.write("case.ppc", std::string_view("abc"));
  dir.write("other.ppc", std::string_view("def"));
  std::string expected = to_hex(digest_of("abc"));
  auto plain = run(dir, "sha256sum other.ppc case.ppc");
  auto tagged = run(dir, "sha256sum --tag other.ppc case.ppc");
  auto with_path = run(dir, "sha256sum \"$PWD/case.ppc\" other.ppc");
  auto binary = run(dir, "sha256sum -b case.ppc");
  for (const auto* r : {&plain, &tagged, &with_path, &binary}) {
    ASSERT_EQ(r->status, 0) << r->output;
    EXPECT_EQ(parse_sha256sum(r->output, "case.ppc"), expected) << r->output;
  }
  EXPECT_EQ(parse_sha256sum(plain.output, "other.ppc"), to_hex(digest_of("def")));
  EXPECT_EQ(parse_sha256sum(plain.output, "missing.ppc"), "");
  EXPECT_EQ(parse_sha256sum(upper(expected) + "  case.ppc\r\n", "case.ppc"), expected);
  EXPECT_EQ(parse_sha256sum("not a checksum line\n", "case.ppc"), "");
  EXPECT_EQ(parse_sha256sum(expected.substr(1) + "  case.ppc\n", "case.ppc"), "");
}

// --- RFC 3161 ----------------------------------------------------------------------------------

TEST(Timestamp, RequestIsParsedByOpensslTs) {
  ScratchDir dir;
  auto digest = digest_of("package");
  dir.write("req.tsq", make_timestamp_request(digest));
  auto text = run(dir, "openssl ts -query -in req.tsq -text");
  ASSERT_EQ(text.status, 0) << text.output;
  EXPECT_NE(text.output.find("Version: 1"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Hash Algorithm: sha256"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Certificate required: yes"), std::string::npos) << text.output;
  EXPECT_EQ(text.output.find("Nonce: unspecified"), std::string::npos) << text.output;
  // The imprint's bytes, as the DER's OCTET STRING.
  auto der = run(dir, "openssl asn1parse -inform DER -in req.tsq");
  EXPECT_NE(der.output.find("[HEX DUMP]:" + upper(to_hex(digest))), std::string::npos)
      << der.output;
  // Nonces differ between requests.
  EXPECT_NE(make_timestamp_request(digest), make_timestamp_request(digest));
}

// A TSA made in the test: a self-signed certificate for timeStamping and `openssl ts -reply`.
class TimestampAuthority : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<ScratchDir>();
    dir_->write("tsa.cnf",
                "[ tsa ]\ndefault_tsa = tsa1\n"
                "[ tsa1 ]\nserial = ./serial\ncrypto_device = builtin\n"
                "signer_cert = ./tsa.crt\nsigner_key = ./tsa.key\nsigner_digest = sha256\n"
                "default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\n"
                "ordering = yes\ntsa_name = yes\ness_cert_id_chain = no\n"
                "ess_cert_id_alg = sha256\n");
    dir_->write("serial", std::string_view("01\n"));
    auto r = run(*dir_,
                 "openssl req -x509 -newkey rsa:2048 -nodes -keyout tsa.key -out tsa.crt -days 2 "
                 "-subj '/CN=Test TSA' -addext extendedKeyUsage=critical,timeStamping && "
                 "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt "
                 "-days 2 -subj '/CN=Other CA'");
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { dir_.reset(); }

  // The TSA's response to our request for `digest`.
  static std::vector<uint8_t> stamp(const std::array<uint8_t, 32>& digest) {
    dir_->write("req.tsq", make_timestamp_request(digest));
    auto r = run(*dir_,
                 "openssl ts -reply -queryfile req.tsq -signer tsa.crt -inkey tsa.key "
                 "-config tsa.cnf -out resp.tsr");
    EXPECT_EQ(r.status, 0) << r.output;
    return dir_->read_bytes("resp.tsr");
  }
  static std::unique_ptr<ScratchDir> dir_;
};
std::unique_ptr<ScratchDir> TimestampAuthority::dir_;

TEST_F(TimestampAuthority, GoodResponseVerifies) {
  auto digest = digest_of("the package");
  auto tsr = stamp(digest);
  TimestampCheck check = verify_timestamp_response(tsr, digest);
  EXPECT_TRUE(check.imprint_matches) << check.detail;
  EXPECT_TRUE(check.signature_ok) << check.detail;
  EXPECT_EQ(check.detail, "");
  EXPECT_EQ(check.gen_time.size(), 15u) << check.gen_time;  // YYYYMMDDhhmmssZ
  EXPECT_EQ(check.gen_time.back(), 'Z');
  EXPECT_NE(check.tsa_name.find("Test TSA"), std::string::npos) << check.tsa_name;

  check = verify_timestamp_response(tsr, digest, *dir_ / "tsa.crt");
  EXPECT_TRUE(check.imprint_matches && check.signature_ok) << check.detail;
}

TEST_F(TimestampAuthority, UntrustedSignerFailsAgainstCaFile) {
  auto digest = digest_of("the package");
  TimestampCheck check = verify_timestamp_response(stamp(digest), digest, *dir_ / "other.crt");
  EXPECT_TRUE(check.imprint_matches);
  EXPECT_FALSE(check.signature_ok);
  EXPECT_NE(check.detail.find("signature"), std::string::npos) << check.detail;
  check = verify_timestamp_response(stamp(digest), digest, *dir_ / "missing.crt");
  EXPECT_FALSE(check.signature_ok);
  EXPECT_NE(check.detail.find("cannot load CA file"), std::string::npos) << check.detail;
}

TEST_F(TimestampAuthority, ResponseForAnotherDigestDoesNotMatch) {
  auto tsr = stamp(digest_of("another package"));
  TimestampCheck check = verify_timestamp_response(tsr, digest_of("the package"));
  EXPECT_FALSE(check.imprint_matches);
  EXPECT_TRUE(check.signature_ok) << check.detail;  // a genuine token, just not for this package
  EXPECT_NE(check.detail.find("imprint"), std::string::npos) << check.detail;
}

TEST_F(TimestampAuthority, TamperedOrGarbageResponsesFail) {
  auto digest = digest_of("the package");
  auto tsr = stamp(digest);
  tsr[tsr.size() - 20] ^= 0x01;  // inside the RSA signature, the DER's last field
  TimestampCheck check = verify_timestamp_response(tsr, digest);
  EXPECT_FALSE(check.signature_ok);
  check = verify_timestamp_response({1, 2, 3}, digest);
  EXPECT_FALSE(check.imprint_matches);
  EXPECT_FALSE(check.signature_ok);
  EXPECT_NE(check.detail.find("not a DER TimeStampResp"), std::string::npos) << check.detail;
}

}  // namespace
