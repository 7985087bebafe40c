#pragma once
// Time and text helpers shared by the collector's parts.
#include <cstdint>
#include <string>
#include <string_view>

#include "ppc/entry.hpp"

namespace collector {

std::string utc_iso(int64_t ns_since_epoch);      // 2026-11-21T08:32:19Z
std::string utc_compact(int64_t ns_since_epoch);  // 20261121T083219Z (package names)
// Text safe for JSON: invalid UTF-8 bytes become \xNN escapes (paths are raw bytes).
std::string json_text(std::string_view raw);
// Reduces to [A-Za-z0-9._-] (file names built from operator input and host names).
std::string file_name_part(std::string_view s);

// An entry the collector writes itself (tables, command output, triage results, logs): mode
// 0644, owned by root, and the time it was written (not the epoch).
ppc::EntryMeta produced_entry(std::string name);

}  // namespace collector
