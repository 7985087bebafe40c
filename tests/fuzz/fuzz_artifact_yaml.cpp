// Artifact definitions (YAML, from rules/artifacts or a custom file), and the option
// accessors natives use on them.
#include "collector/definitions.hpp"
#include "fuzz_support.hpp"

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  ppc_fuzz::tolerate([&] {
    for (const collector::ArtifactDef& a : collector::parse_artifacts(text, "fuzz.yaml")) {
      for (const auto& [key, values] : a.options) {
        (void)a.option(key);
        (void)a.option_int(key, 0);
        (void)a.option_list(key);
      }
    }
  });
  return 0;
}
