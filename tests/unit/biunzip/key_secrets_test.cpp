// biunzip keeps keys out of core dumps and passphrases out of ps: every way of reading a secret
// marks the process not dumpable, and --password values are overwritten in argv once parsed.
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "../../fixtures/dumpable.hpp"
#include "biunzip/key_input.hpp"
#include "fixture.hpp"

namespace {

using biunzip_test::TempDir;

using ppc_test::dumpable_around;

std::vector<std::string> hidden(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  biunzip::hide_password_arguments(static_cast<int>(argv.size()), argv.data());
  return args;
}

TEST(KeySecrets, ReadingAPasswordFileMakesTheProcessNotDumpable) {
  TempDir dir;
  std::ofstream(dir / "pass.txt") << "a passphrase\n";
  auto [before, after] = dumpable_around([&] {
    if (biunzip::read_password_file(dir / "pass.txt") != ppc::make_secure_string("a passphrase"))
      throw std::runtime_error("wrong passphrase read");
  });
  if (before != 1) GTEST_SKIP() << "the test process is not dumpable to begin with";
  EXPECT_EQ(after, 0);
}

TEST(KeySecrets, LoadingIdentitiesMakesTheProcessNotDumpable) {
  TempDir dir;
  std::ofstream(dir / "id.key") << ppc::identity_file_text(ppc::generate_x25519_identity(), "now");
  biunzip::KeyOptions keys;
  keys.identity_files = {dir / "id.key"};
  keys.allow_prompt = false;
  auto [before, after] = dumpable_around([&] {
    if (biunzip::load_identities(keys, ppc::HeaderInfo{}).size() != 1)
      throw std::runtime_error("identity not loaded");
  });
  if (before != 1) GTEST_SKIP() << "the test process is not dumpable to begin with";
  EXPECT_EQ(after, 0);
}

TEST(KeySecrets, PasswordArgumentsAreOverwrittenInEveryForm) {
  EXPECT_EQ(hidden({"biunzip", "verify", "p.ppc", "--password", "hunter2"}),
            (std::vector<std::string>{"biunzip", "verify", "p.ppc", "--password", "*******"}));
  EXPECT_EQ(hidden({"biunzip", "-p", "abc", "--password=xyz1", "-pq9"}),
            (std::vector<std::string>{"biunzip", "-p", "***", "--password=****", "-p**"}));
}

TEST(KeySecrets, OtherArgumentsStay) {
  std::vector<std::string> args = {
      "biunzip", "extract", "pkg.ppc", "--password-file", "pw.txt",
      "-o",      "out",     "--",      "--password",      "literal-file-name"};
  EXPECT_EQ(hidden(args), args);
}

}  // namespace
