// custody.json: one struct written and read by name; the sidecars the library writes beside a
// package (the .log records how the run ended, readable without the key).
#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "ppc/custody.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"

namespace ppc {
namespace {

CustodyRecord sample() {
  CustodyRecord r;
  r.case_info = {"IR-1", "jdoe", "CERT", "a note"};
  r.asset_json = R"({"hostname":"web01"})";
  r.tool_json = R"({"version":"0.1.0","commit":"abc","sha256":"00ff"})";
  r.profile_name = "quick";
  r.profile_artifacts = {"processes", "users"};
  r.command_line = {"collector", "--case-id", "IR-1"};
  r.started_utc = "2026-12-03T10:00:00Z";
  r.ended_utc = "2026-12-03T10:00:05Z";
  r.duration_seconds = 5.5;
  r.counts.files_stored = 42;
  r.counts.source_errors = 2;
  r.package = {"IR-1_web01.ppc", true, {"x25519", "rsa-oaep", "passphrase"}, "sha256,md5"};
  r.package.recipients = {{"x25519", std::string(64, 'a'), ""},
                          {"rsa-oaep", std::string(64, 'b'), "CN=analysts,O=CERT"},
                          {"passphrase", "", ""}};
  r.package.signing_key_id = "0123456789abcdef";
  r.limits.timeout_seconds = 8;
  r.stopped_early = "the run reached --timeout (8 s)";
  return r;
}

TEST(Custody, RoundTripsEveryMemberByName) {
  CustodyRecord back = custody_from_json(custody_to_json(sample()));
  EXPECT_EQ(back.case_info.examiner, "jdoe");
  EXPECT_EQ(nlohmann::json::parse(back.asset_json)["hostname"], "web01");
  EXPECT_EQ(back.profile_artifacts, (std::vector<std::string>{"processes", "users"}));
  EXPECT_EQ(back.counts.files_stored, 42u);
  EXPECT_EQ(back.counts.source_errors, 2u);
  EXPECT_EQ(back.package.hashes, "sha256,md5");
  EXPECT_EQ(back.limits.timeout_seconds, 8);
  EXPECT_EQ(back.stopped_early, "the run reached --timeout (8 s)");
  EXPECT_DOUBLE_EQ(back.duration_seconds, 5.5);
  auto j = nlohmann::json::parse(custody_to_json(sample()));
  EXPECT_EQ(j["format"], "ppc-custody/1");
  EXPECT_EQ(j["case"]["case_id"], "IR-1");
}

// Who can open the package and who signed it, by fingerprints an analyst can check against the
// keys and certificates they hold, not only the recipient types.
TEST(Custody, RecordsRecipientFingerprintsAndTheSigningKey) {
  CustodyRecord back = custody_from_json(custody_to_json(sample()));
  ASSERT_EQ(back.package.recipients.size(), 3u);
  EXPECT_EQ(back.package.recipients[0].type, "x25519");
  EXPECT_EQ(back.package.recipients[0].sha256, std::string(64, 'a'));
  EXPECT_EQ(back.package.recipients[1].subject, "CN=analysts,O=CERT");
  EXPECT_EQ(back.package.recipients[1].sha256, std::string(64, 'b'));
  EXPECT_EQ(back.package.recipients[2].sha256, "");
  EXPECT_EQ(back.package.signing_key_id, "0123456789abcdef");
  auto j = nlohmann::json::parse(custody_to_json(sample()));
  EXPECT_EQ(j["package"]["recipients"][1]["subject"], "CN=analysts,O=CERT");
  EXPECT_FALSE(j["package"]["recipients"][0].contains("subject"));
  EXPECT_EQ(j["package"]["signing_key_id"], "0123456789abcdef");
}

TEST(Custody, ReadsPartialRecordsAndRefusesNonObjects) {
  CustodyRecord r = custody_from_json(R"({"case":{"case_id":"X"},"counts":{"rows":"oops"}})");
  EXPECT_EQ(r.case_info.case_id, "X");
  EXPECT_EQ(r.counts.rows, 0u);  // a member of the wrong type keeps its default
  EXPECT_THROW(custody_from_json("[1,2]"), Error);
  EXPECT_THROW(custody_from_json("not json"), Error);
}

TEST(Sidecars, TheLogSaysHowTheRunEnded) {
  auto dir = std::filesystem::temp_directory_path() / ("ppc-sidecar-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string pkg = (dir / "IR-1_web01.ppc").string();
  FinishResult fin;
  fin.package_sha256.fill(0xab);
  fin.package_bytes = 1234;
  write_sidecars(pkg, fin, sample(), 3);
  auto text = [](const std::string& p) {
    auto b = read_file(p);
    return std::string(b.begin(), b.end());
  };
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += "ab";
  EXPECT_EQ(text(pkg + ".sha256"), hex + "  IR-1_web01.ppc\n");  // what sha256sum -c reads
  EXPECT_GT(std::filesystem::file_size(pkg + ".tsq"), 40u);
  auto log = nlohmann::json::parse(text((dir / "IR-1_web01.log").string()));
  EXPECT_EQ(log["exit_code"], 3);
  EXPECT_EQ(log["stopped_early"], "the run reached --timeout (8 s)");
  EXPECT_EQ(log["package_bytes"], 1234);
  EXPECT_EQ(log["counts"]["files_stored"], 42);
  EXPECT_EQ(log["collector_commit"], "abc");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ppc
