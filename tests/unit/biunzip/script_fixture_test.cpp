// Packages for the CLI scripts (tests/cli/biunzip_*.sh): they run
//   biunzip_tests --gtest_filter=ScriptFixtures.*  with BIUNZIP_FIXTURE_DIR set
// to get real packages without depending on the collector. Without the variable the same
// packages are written to a temporary directory and checked, so the test always asserts.
#include <gtest/gtest.h>

#include <cstdlib>

#include "fixture.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"

namespace biunzip_test {
namespace {

TEST(ScriptFixtures, WritePackages) {
  TempDir tmp;
  const char* env = std::getenv("BIUNZIP_FIXTURE_DIR");
  std::string dir = env && *env ? env : tmp.path();
  ppc::FinishResult good = write_sample_package(dir + "/sample.ppc");
  std::string sidecar = ppc::sha256sum_line(good.package_sha256, "sample.ppc");
  write_text(dir + "/sample.ppc.sha256", sidecar);
  write_sample_package(dir + "/hostile.ppc", {.hostile = true, .seed = 2});
  write_text(dir + "/passphrase.txt", std::string(kPassphrase) + "\n");

  CliResult info = run_cli({"info", dir + "/sample.ppc", "--json"});
  ASSERT_EQ(info.code, 0) << info.err;
  EXPECT_NE(info.out.find("\"sidecar\": \"match\""), std::string::npos) << info.out;
}

}  // namespace
}  // namespace biunzip_test
