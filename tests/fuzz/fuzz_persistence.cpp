// Persistence mechanisms: crontabs (system and user), anacrontab, systemd units, SSH
// authorized_keys and their key fingerprints.
#include "artifacts/parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  for (bool system : {true, false}) {
    for (const auto& e : p::parse_crontab(text, system))
      ppc_fuzz::require(!e.schedule.empty() && !e.command.empty(), "cron entries are complete");
  }
  (void)p::parse_anacrontab(text);
  (void)p::parse_systemd_unit(text);
  for (const auto& k : p::parse_authorized_keys(text))
    ppc_fuzz::require(!k.key_type.empty(), "authorized_keys lines get a key type");
  std::string fp = p::ssh_fingerprint_sha256(text);
  ppc_fuzz::require(fp.empty() || fp.starts_with("SHA256:"), "fingerprint form");
  return 0;
}
