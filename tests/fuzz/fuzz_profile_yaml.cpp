// Acquisition profiles (YAML, from rules/profiles or a file given with --profile) and the size
// strings they hold; a parsed profile is also resolved against the built-in catalogue.
#include "collector/definitions.hpp"
#include "fuzz_support.hpp"
#include "ppc/units.hpp"

PPC_FUZZ_TARGET {
  static const collector::Catalog catalog = collector::load_builtin_catalog();
  std::string_view text = ppc_fuzz::as_text(data, size);
  ppc_fuzz::tolerate([&] {
    collector::ProfileDef p = collector::parse_profile(text, "fuzz.yaml");
    ppc_fuzz::require(p.artifact_lines.size() == p.artifacts.size(),
                      "one YAML line per artifacts entry");
    for (const auto* a : collector::resolve_profile(catalog, p))
      ppc_fuzz::require(a != nullptr, "resolved artifacts exist");
  });
  (void)ppc::parse_size(text);
  return 0;
}
