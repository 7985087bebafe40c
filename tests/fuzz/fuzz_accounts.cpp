// Account databases of the asset: passwd, group, shadow (never keeping the hash) and sudoers.
#include "artifacts/parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  for (const auto& e : p::parse_passwd(text)) ppc_fuzz::require(!e.name.empty(), "passwd name");
  for (const auto& e : p::parse_group(text)) ppc_fuzz::require(!e.name.empty(), "group name");
  for (const auto& e : p::parse_shadow(text)) {
    const std::string& s = e.password_state;
    ppc_fuzz::require(s == "set" || s == "none" || s == "locked",
                      "shadow keeps only the password state");
  }
  (void)p::parse_sudoers(text);
  return 0;
}
