#pragma once
// Turns the encryption options into package recipients; prompts for a passphrase on a TTY.
#include <vector>

#include "collector/options.hpp"
#include "ppc/keys.hpp"

namespace collector {

struct Encryption {
  bool encrypt = true;
  std::vector<ppc::Recipient> recipients;
  std::vector<std::string> types;  // for the custody record: "x25519", "passphrase", …
};

inline constexpr std::size_t kMinPassphraseLength = 12;

// Throws ppc::Error(usage) with a one-line explanation when nothing usable was given and no
// TTY is available to ask.
Encryption resolve_encryption(const RunOptions& options);

// Reads a passphrase from the terminal without echo; empty when stdin is not a TTY.
ppc::SecureString prompt_passphrase(const char* prompt);

}  // namespace collector
