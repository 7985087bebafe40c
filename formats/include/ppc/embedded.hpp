#pragma once
// A data file compiled into a binary at build time (profiles, artifact definitions, YARA rules).
#include <span>
#include <string_view>

namespace ppc {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded tree's root, e.g. "profiles/quick.yaml"
  std::string_view data;
};

}  // namespace ppc
