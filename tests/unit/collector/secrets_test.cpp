// Secrets stay out of what the collector records and out of core dumps: the command line kept
// for custody.json has --password values and identities redacted, and once encryption is
// resolved (a file key or passphrase is held) the process is not dumpable.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <vector>

#include "../../../collector/src/recipients.hpp"
#include "../../fixtures/collector/run_support.hpp"
#include "../../fixtures/dumpable.hpp"
#include "ppc/error.hpp"
#include "ppc/keys.hpp"

namespace {

std::vector<std::string> redact(std::vector<std::string> args) {
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return collector::redacted_command_line(static_cast<int>(argv.size()), argv.data());
}

using collector_test::TempDir;

using ppc_test::dumpable_around;

TEST(SecretRedaction, PasswordValuesAreRedactedInBothForms) {
  EXPECT_EQ(redact({"collector", "--password", "hunter2 hunter2", "--case-id", "X"}),
            (std::vector<std::string>{"collector", "--password", "<redacted>", "--case-id", "X"}));
  EXPECT_EQ(redact({"collector", "--passphrase=s3cret", "--quiet"}),
            (std::vector<std::string>{"collector", "--passphrase=<redacted>", "--quiet"}));
  // A trailing option without its value has nothing to hide.
  EXPECT_EQ(redact({"collector", "--password"}),
            (std::vector<std::string>{"collector", "--password"}));
}

TEST(SecretRedaction, FileNamesAndOrdinaryArgumentsStay) {
  std::vector<std::string> args = {"collector",       "--password-file", "/media/usb/pass.txt",
                                   "--recipient",     "ppc1abc",         "--note",
                                   "password rotated"};
  EXPECT_EQ(redact(args), args);
}

TEST(SecretRedaction, IdentitiesPastedAnywhereAreRedacted) {
  auto out =
      redact({"collector", "--recipient", "PPC-SECRET-KEY-1QQQQ", "--note=ppc-secret-key-1abc"});
  EXPECT_EQ(out,
            (std::vector<std::string>{"collector", "--recipient", "<redacted>", "<redacted>"}));
}

TEST(SecretDumps, PassphraseFileMakesTheProcessNotDumpable) {
  TempDir dir;
  collector::RunOptions o;
  o.password_file = dir.write("pass.txt", "a passphrase of some length\n");
  auto [before, after] = dumpable_around([&] {
    collector::Encryption e = collector::resolve_encryption(o);
    if (e.recipients.size() != 1) throw std::runtime_error("no recipient");
  });
  if (before != 1) GTEST_SKIP() << "this test process is not dumpable to begin with";
  EXPECT_EQ(after, 0);
}

TEST(SecretDumps, PublicKeyRecipientsToo) {
  // The collector then holds no passphrase, but the package's file key is just as secret.
  collector::RunOptions o;
  o.recipients = {ppc::encode_recipient(ppc::generate_x25519_identity().public_key)};
  auto [before, after] = dumpable_around([&] { collector::resolve_encryption(o); });
  if (before != 1) GTEST_SKIP() << "this test process is not dumpable to begin with";
  EXPECT_EQ(after, 0);
}

}  // namespace
