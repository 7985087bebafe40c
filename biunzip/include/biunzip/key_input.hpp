#pragma once
// Where biunzip gets keys from: passphrases (file, option, environment, a prompt on the
// terminal), X25519 identity files and RSA private keys.
#include <string>
#include <vector>

#include "ppc/header.hpp"
#include "ppc/keys.hpp"
#include "ppc/reader.hpp"

namespace biunzip {

struct KeyOptions {
  std::vector<std::string> password_files;  // --password-file: first line of each
  std::vector<std::string> passwords;       // --password (visible in `ps`: warned about)
  std::vector<std::string> identity_files;  // --identity: X25519 identity files
  std::vector<std::string> rsa_key_files;   // --key: PEM RSA private keys
  std::string verify_key_file;              // --verify-key: Ed25519 public key PEM
  int max_scrypt_log2n = ppc::kDefaultScryptCap;
  bool allow_prompt = true;  // prompt on a terminal when nothing else was given
};

// The passphrases given, in order: files, options, then $BIUNZIP_PASSWORD.
std::vector<ppc::SecureString> collect_passphrases(const KeyOptions& o);

// Every identity the options name. When none is given, the header has a passphrase stanza and
// stdin is a terminal, asks for a passphrase without echo. Throws Error(usage|io).
std::vector<ppc::Identity> load_identities(const KeyOptions& o, const ppc::HeaderInfo& header);

// ReadOptions with identities, the scrypt cap and the verify key filled in.
ppc::ReadOptions make_read_options(const KeyOptions& o, const ppc::HeaderInfo& header);

// Reads a passphrase from the terminal with echo off; empty when there is no terminal.
ppc::SecureString prompt_passphrase(const std::string& prompt);

// The first line of a password file, without its line ending.
ppc::SecureString read_password_file(const std::string& path);

// Marks the process not dumpable (prctl PR_SET_DUMPABLE 0): no core dump, no ptrace or
// /proc/PID/mem by other processes of the user. Every function above that reads a secret does
// this first, and it stays so: the file key a secret unlocks lives until the process ends.
void keep_secrets_out_of_dumps();

// Overwrites the values of --password/-p in argv with '*' once the command line is parsed, so
// ps and /proc/PID/cmdline stop showing them (they were visible until then: prefer
// --password-file or $BIUNZIP_PASSWORD).
void hide_password_arguments(int argc, char** argv);

}  // namespace biunzip
