#pragma once
// Turns the encryption options into package recipients; prompts for a passphrase on a TTY.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "collector/options.hpp"
#include "ppc/custody.hpp"
#include "ppc/keys.hpp"

namespace collector {

struct Encryption {
  bool encrypt = true;
  std::vector<ppc::Recipient> recipients;
  std::vector<std::string> types;  // for the custody record: "x25519", "passphrase", …
  std::vector<ppc::CustodyRecipient> custody;  // the same recipients, with fingerprints
  std::optional<ppc::SigningKey> signing_key;  // --sign-key: the package's signer
};

inline constexpr std::size_t kMinPassphraseLength = 12;
inline constexpr int kPassphraseTries = 3;  // at the terminal prompt

// Ctrl-C (or SIGTERM, SIGHUP) at a passphrase prompt: nothing has been written yet, so the run
// ends there with exit 130 and no package.
struct PromptInterrupted : std::runtime_error {
  PromptInterrupted()
      : std::runtime_error("interrupted at the passphrase prompt; nothing was written") {}
};

// Throws ppc::Error(usage) with a one-line explanation when nothing usable was given and no
// TTY is available to ask.
Encryption resolve_encryption(const RunOptions& options);

// Reads a passphrase from the terminal without echo; empty when stdin is not a TTY. Throws
// PromptInterrupted on a signal, ppc::Error(usage) at end of input.
ppc::SecureString prompt_passphrase(const char* prompt);
// Asks for a new passphrase and its confirmation, at most kPassphraseTries times; the length is
// checked right after the first entry. Throws ppc::Error(usage) when no try gave a usable one.
ppc::SecureString ask_new_passphrase();

// Marks the process not dumpable (prctl PR_SET_DUMPABLE 0): no core dump, no ptrace by other
// processes of the same user, /proc/PID/mem and environ closed to them. The run holds a file
// key (and maybe a passphrase) from resolve_encryption on, so it stays that way.
void keep_secrets_out_of_dumps();

// argv as the custody record keeps it: the value of --password/--passphrase ("--password X" or
// "--password=X") and any argument holding an identity (PPC-SECRET-KEY-1...) become
// "<redacted>". File names such as --password-file's stay: they are not secrets.
std::vector<std::string> redacted_command_line(int argc, const char* const* argv);

}  // namespace collector
