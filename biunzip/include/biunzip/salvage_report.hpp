#pragma once
// What `biunzip salvage` tells about a damaged package: DIR/salvage.json and one line per
// damaged range for the terminal (docs/USAGE.md, "Salvage").
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "biunzip/package_extract.hpp"

namespace biunzip {

// salvage.json: the package, whether it was complete, the first failure, the entries
// recovered and lost, and every damaged range with what was read after it.
nlohmann::json salvage_json(const std::string& package_path, const PackageExtractResult& r);

// One line per damaged range, e.g. "damaged chunks 5-6 (131,104 bytes at offset 393,416,
// chunk-auth): 3 entries lost (cut short: files/a); resumed at chunk 7: 12 entries recovered
// after it (11 verified, 1 unverified); checkpoint chain broken (1 checkpoint lost)".
std::vector<std::string> damage_lines(const ppc::ReadReport& report);

}  // namespace biunzip
