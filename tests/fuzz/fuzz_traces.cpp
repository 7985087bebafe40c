// Packages, private keys and authentication logs: dpkg status, md5sums, diversions, dpkg.log,
// key files of every format, auth.log / secure lines.
#include "artifacts/trace_parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  for (const auto& pkg : p::parse_dpkg_status(text))
    ppc_fuzz::require(!pkg.name.empty(), "dpkg packages have a name");
  for (const auto& e : p::parse_md5sums(text))
    ppc_fuzz::require(e.md5.size() == 32 && e.path.starts_with("/"), "md5sums entries");
  (void)p::parse_dpkg_diversions(text);
  (void)p::parse_dpkg_log_installed(text);
  if (auto k = p::parse_private_key(text)) {
    ppc_fuzz::require(!k->format.empty() && !k->key_type.empty(), "keys have format and type");
    ppc_fuzz::require(k->fingerprint.empty() || k->fingerprint.starts_with("SHA256:"),
                      "fingerprint form");
  }
  (void)p::describe_ssh_public_blob(text);
  for (const auto& e : p::parse_auth_log(text, 2025, 6))
    ppc_fuzz::require(e.result == "success" || e.result == "failure", "auth results");
  return 0;
}
