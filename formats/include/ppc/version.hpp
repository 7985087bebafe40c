#pragma once
// The project's version and the git commit the binaries were built from. Defined in one source
// file generated at build time (cmake/Version.cmake, target ppc_version), so a new commit
// recompiles that file alone.
#include <string_view>

namespace ppc {

std::string_view version();  // the project version, e.g. "0.1.0"
std::string_view
commit();  // 12-digit short hash, "-dirty" for a modified tree, "unknown" outside git

}  // namespace ppc
