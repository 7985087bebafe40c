// Options several subcommands share.
#include <CLI/CLI.hpp>
#include <ostream>

#include "commands.hpp"
#include "ppc/error.hpp"
#include "ppc/units.hpp"

namespace biunzip {
namespace {

// --max-size in the grammar every size of both tools follows (ppc/units.hpp).
uint64_t parse_size(const std::string& text) {
  auto bytes = ppc::parse_size(text);
  if (!bytes) ppc::fail(ppc::ErrorClass::usage, "--max-size: " + ppc::not_a_size_message(text));
  return *bytes;
}

}  // namespace

void add_key_options(CLI::App& cmd, KeyOptions& keys, bool with_verify_key) {
  cmd.add_option("--password-file", keys.password_files,
                 "Read the passphrase from the first line of FILE")
      ->type_name("FILE");
  cmd.add_option("--password,-p", keys.passwords,
                 "Passphrase (visible to other users in ps; prefer --password-file or "
                 "BIUNZIP_PASSWORD)")
      ->type_name("P");
  cmd.add_option("--identity,-i", keys.identity_files, "X25519 identity file (repeatable)")
      ->type_name("FILE");
  cmd.add_option("--key", keys.rsa_key_files, "RSA private key PEM (repeatable)")
      ->type_name("FILE.pem");
  cmd.add_option("--max-scrypt", keys.max_scrypt_log2n,
                 "Largest scrypt work factor (log2 N) to accept from a package")
      ->capture_default_str();
  if (with_verify_key) {
    cmd.add_option("--verify-key", keys.verify_key_file,
                   "Ed25519 public key PEM the package signature must match")
        ->type_name("FILE.pem");
  }
}

void warn_visible_password(const KeyOptions& keys, Context& ctx) {
  if (!keys.passwords.empty()) {
    ctx.err << "biunzip: warning: --password is visible to other users of this machine; "
               "prefer --password-file or BIUNZIP_PASSWORD\n";
  }
}

void add_output_options(CLI::App& cmd, OutputOptions& o) {
  cmd.add_option("-o,--output", o.dir,
                 "Output directory (default: the package's name without .ppc, beside it)")
      ->type_name("DIR");
  cmd.add_flag("--force", o.force, "Replace files that already exist in the output directory");
  cmd.add_option("--max-size", o.max_size, "Most bytes to write in all (a size: 1TiB, 500G, 5MB)")
      ->capture_default_str();
  cmd.add_option("--max-ratio", o.max_ratio,
                 "Stop when the payload grows more than this many times the package (0: off)")
      ->capture_default_str();
  cmd.add_flag("--no-report", o.no_report, "Do not write report.html");
  cmd.add_flag("--keep-modes", o.keep_modes,
               "Give files and folders the permission bits the package records (default: "
               "0600 and 0700, readable by you alone)");
}

TreeOptions tree_options(const OutputOptions& o) {
  TreeOptions t;
  t.force = o.force;
  t.keep_modes = o.keep_modes;
  t.max_total_bytes = parse_size(o.max_size);
  return t;
}

}  // namespace biunzip
