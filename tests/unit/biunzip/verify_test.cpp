// `biunzip verify` and `info` against good and damaged packages: one exit code per class.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "ppc/header.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"

namespace biunzip_test {
namespace {

std::string flip_byte(const std::string& path, std::size_t offset) {
  std::string bytes = read_text(path);
  bytes[offset] = static_cast<char>(bytes[offset] ^ 0x40);
  write_text(path, bytes);
  return bytes;
}

std::size_t header_bytes(const std::string& path) {
  std::vector<uint8_t> bytes = ppc::read_file(path);
  ppc::MemorySource src(bytes);
  return ppc::read_header(src).header_bytes;
}

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pkg = tmp / "case.ppc";
    fin = write_sample_package(pkg);
  }
  CliResult verify(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"verify", pkg, "--password", kPassphrase};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }
  TempDir tmp;
  std::string pkg;
  ppc::FinishResult fin;
};

TEST_F(VerifyTest, GoodPackageEveryCheckOk) {
  write_text(pkg + ".sha256", ppc::sha256sum_line(fin.package_sha256, "case.ppc"));
  CliResult r = verify();
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const char* check : {"header", "key", "chunks", "entries", "manifest", "sidecar"}) {
    EXPECT_NE(r.out.find(std::string("OK      ") + check), std::string::npos) << check << r.out;
  }
  EXPECT_NE(r.out.find("skipped signature"), std::string::npos);
  EXPECT_NE(r.out.find("skipped timestamp"), std::string::npos);
  EXPECT_NE(r.out.find("verify: OK"), std::string::npos);
}

TEST_F(VerifyTest, FlippedPayloadByteIsAnIntegrityFailure) {
  flip_byte(pkg, header_bytes(pkg) + 100);
  CliResult r = verify();
  EXPECT_EQ(r.code, 11) << r.out;
  EXPECT_NE(r.out.find("FAIL    chunks"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped manifest"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verify: FAILED: chunks check, integrity failure (exit 11)"),
            std::string::npos);
}

TEST_F(VerifyTest, FlippedHeaderByteFails) {
  flip_byte(pkg, header_bytes(pkg) - 1);  // inside the header MAC
  CliResult r = verify();
  EXPECT_EQ(r.code, 11) << r.out;
  EXPECT_NE(r.out.find("FAIL    key"), std::string::npos) << r.out;
}

TEST_F(VerifyTest, TruncatedPackageExits12) {
  std::string bytes = read_text(pkg);
  write_text(pkg, bytes.substr(0, bytes.size() - 200));
  CliResult r = verify();
  EXPECT_EQ(r.code, 12) << r.out;
  EXPECT_NE(r.out.find("truncated"), std::string::npos);
}

TEST_F(VerifyTest, WrongPassphraseExits10) {
  CliResult r = run_cli({"verify", pkg, "--password", "nope"});
  EXPECT_EQ(r.code, 10) << r.out;
  EXPECT_NE(r.out.find("FAIL    key"), std::string::npos);
}

TEST_F(VerifyTest, SidecarMismatchExits11WithOtherChecksOk) {
  write_text(pkg + ".sha256", std::string(64, '0') + "  case.ppc\n");
  CliResult r = verify();
  EXPECT_EQ(r.code, 11);
  EXPECT_NE(r.out.find("OK      manifest"), std::string::npos);
  EXPECT_NE(r.out.find("FAIL    sidecar"), std::string::npos) << r.out;
}

TEST_F(VerifyTest, NotAPackage) {
  write_text(pkg, "just some text, not a package at all");
  CliResult r = verify();
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL    header"), std::string::npos);
}

TEST_F(VerifyTest, MissingPackageIsIo) {
  CliResult r = run_cli({"verify", tmp / "absent.ppc", "-p", "x"});
  EXPECT_EQ(r.code, 14);
  EXPECT_NE(r.err.find("absent.ppc"), std::string::npos);
}

TEST_F(VerifyTest, RecordsItselfInAnExistingExtractionDirectory) {
  CliResult first = verify();
  EXPECT_FALSE(exists(tmp / "case"));  // no directory is created just for the record
  ASSERT_EQ(run_cli({"extract", pkg, "-p", kPassphrase, "-q"}).code, 0);
  ASSERT_EQ(verify().code, 0);
  std::string log = read_text(tmp / "case/custody.log");
  EXPECT_NE(log.find("\"action\":\"verify\""), std::string::npos) << log;
}

TEST(VerifySigned, VerifyKeyMustMatchTheSigner) {
  TempDir tmp;
  ppc::SigningKey signer = ppc::generate_signing_key();
  ppc::SigningKey other = ppc::generate_signing_key();
  write_text(tmp / "signer.pem", ppc::verify_key_pem(signer.public_key));
  write_text(tmp / "other.pem", ppc::verify_key_pem(other.public_key));
  write_sample_package(tmp / "s.ppc", {.signing_key = &signer});
  CliResult plain = run_cli({"verify", tmp / "s.ppc", "-p", kPassphrase});
  EXPECT_EQ(plain.code, 0) << plain.out;
  EXPECT_NE(plain.out.find("OK      signature"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find(ppc::key_id(signer.public_key)), std::string::npos);
  CliResult good =
      run_cli({"verify", tmp / "s.ppc", "-p", kPassphrase, "--verify-key", tmp / "signer.pem"});
  EXPECT_EQ(good.code, 0) << good.out;
  EXPECT_NE(good.out.find("matches --verify-key"), std::string::npos);
  CliResult bad =
      run_cli({"verify", tmp / "s.ppc", "-p", kPassphrase, "--verify-key", tmp / "other.pem"});
  EXPECT_EQ(bad.code, 11) << bad.out;
  EXPECT_NE(bad.out.find("FAIL    signature"), std::string::npos) << bad.out;
}

TEST(VerifySigned, UnsignedPackageFailsWhenAKeyIsRequired) {
  TempDir tmp;
  ppc::SigningKey signer = ppc::generate_signing_key();
  write_text(tmp / "signer.pem", ppc::verify_key_pem(signer.public_key));
  write_sample_package(tmp / "u.ppc");
  CliResult r =
      run_cli({"verify", tmp / "u.ppc", "-p", kPassphrase, "--verify-key", tmp / "signer.pem"});
  EXPECT_EQ(r.code, 11) << r.out;
}

TEST(Info, HeaderWithoutAKey) {
  TempDir tmp;
  ppc::FinishResult fin = write_sample_package(tmp / "i.ppc");
  CliResult r = run_cli({"info", tmp / "i.ppc", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], "1.0");
  EXPECT_EQ(j["recipients"], nlohmann::json::array({"passphrase"}));
  EXPECT_EQ(j["package_bytes"], fin.package_bytes);
  EXPECT_EQ(j["chunk_bytes"], 65536);
  EXPECT_EQ(j["sidecar"], "missing");
  EXPECT_GE(j["chunks_estimate"].get<int>(), 1);
  EXPECT_GT(j["header_bytes"].get<int>(), 0);

  write_text(tmp / "i.ppc.sha256", std::string(64, 'f') + "  i.ppc\n");
  CliResult mismatch = run_cli({"info", tmp / "i.ppc"});
  EXPECT_EQ(mismatch.code, 11);
  EXPECT_NE(mismatch.out.find("MISMATCH"), std::string::npos) << mismatch.out;
}

}  // namespace
}  // namespace biunzip_test
