#pragma once
// biunzip's version, the commit it was built from, and the libraries it links.
#include <string>

namespace biunzip {

std::string version();       // "0.1.0"
std::string git_commit();    // short hash, "-dirty" when built from a modified tree
std::string version_text();  // what --version prints

}  // namespace biunzip
