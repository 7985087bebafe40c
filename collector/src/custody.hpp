#pragma once
// The chain-of-custody record (custody.json and the custody table): who collected what, from
// which asset, with which tool, when, and how completely.
#include <nlohmann/json.hpp>
#include <string>

#include "collector/artifact.hpp"
#include "collector/options.hpp"

namespace collector {

// Asset identity read through RootFs: hostname, machine-id, DMI, OS, kernel, addresses.
nlohmann::json asset_identity(const RootFs& fs);
// The collector itself: version, commit, SHA-256 of the running binary, library versions.
nlohmann::json tool_identity();
// Who ran it: uid, euid, login name, sudo user, tty.
nlohmann::json operator_identity();
// Kernel clock discipline state (adjtimex): synchronized or not, estimated error.
nlohmann::json clock_state();
std::string version_text(const char* program);  // --version output

}  // namespace collector
