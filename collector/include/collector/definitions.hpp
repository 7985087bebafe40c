#pragma once
// Acquisition profiles and artifact definitions: YAML data under rules/ (embedded in the
// binary), or custom files given on the command line. docs/USAGE.md documents the schema.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppc/case_db.hpp"

namespace collector {

struct TableDef {
  std::string name;  // SQLite table in case.db; JSONL at live/<artifact>/<name>.jsonl
  std::vector<ppc::Column> columns;
};

// What a `file` collector stores: paths or globs (`*`, `?`, `[...]`, `**`) on the asset.
struct FileSpec {
  std::vector<std::string> paths;
  std::vector<std::string> exclude;  // globs matched against the full path
  int max_depth = -1;                // for `**` and directory paths; -1 = unlimited
  uint64_t max_size = 0;             // 0 = no limit (the run's --max-file-size still applies)
  std::optional<int64_t> modified_within_days;
  bool executables_only = false;  // keep regular files with an execute bit
  bool setid_only = false;        // keep files with the setuid or setgid bit
};

enum class CollectorKind { native, file, command };

// When an artifact runs, most volatile first (RFC 3227): what exists only in memory now, then
// configuration, then logs, then bulk file sets; so a limit or an interrupt loses the least
// volatile evidence, which is also the easiest to collect again.
enum class Volatility { memory, config, logs, bulk };
std::string_view to_string(Volatility v);

struct ArtifactDef {
  std::string name;
  std::string description;
  std::vector<std::string> supported_os;  // "linux"
  CollectorKind kind = CollectorKind::native;
  std::string native;                // registered function name (kind native)
  FileSpec files;                    // kind file; natives may also carry files to store
  std::vector<std::string> command;  // kind command: argv
  std::vector<TableDef> outputs;
  bool live_only = false;  // needs the running system (/proc, sockets): skipped with --root
  Volatility volatility = Volatility::config;
  std::string source;  // "builtin:artifacts/x.yaml" or a file path, for messages
  // Settings a native collector reads (e.g. bodyfile roots and max_entries), from the YAML
  // `options` map; a scalar becomes a one-element list.
  std::map<std::string, std::vector<std::string>> options;
  std::string option(std::string_view key, std::string_view fallback = {}) const;
  int64_t option_int(std::string_view key, int64_t fallback) const;
  std::vector<std::string> option_list(std::string_view key,
                                       std::vector<std::string> fallback = {}) const;
};

struct TriageOptions {
  bool enabled = false;
  bool sigma = false;             // the built-in Sigma rules over the collected logs
  bool sql_rules = false;         // the built-in SQL rules over case.db
  std::vector<std::string> scan;  // paths/globs
  std::vector<std::string> scan_exclude;
  uint64_t scan_max_size = 64ull << 20;
  int scan_max_depth = -1;
  std::vector<std::string> scan_memory;  // "all", pid or process name
};

struct ProfileDef {
  std::string name;
  std::string description;
  std::vector<std::string> artifacts;  // names or globs; "!name" excludes
  std::vector<int> artifact_lines;     // YAML line of each `artifacts` entry (for messages)
  std::vector<std::string> hashes;     // e.g. ["sha256","md5"]
  uint64_t max_file_size = 0;          // 0 = unlimited
  TriageOptions triage;
  std::string source;
};

struct Catalog {
  std::vector<ArtifactDef> artifacts;
  std::vector<ProfileDef> profiles;
  const ArtifactDef* find_artifact(std::string_view name) const;
  const ProfileDef* find_profile(std::string_view name) const;
};

// Loads the definitions embedded from rules/. Throws ppc::Error(usage) "file:line: message".
Catalog load_builtin_catalog();
// Parses one profile / artifact YAML document; `source` names it in error messages.
ProfileDef parse_profile(std::string_view yaml, std::string_view source);
std::vector<ArtifactDef> parse_artifacts(std::string_view yaml, std::string_view source);
// The artifacts a profile selects, in catalogue order: globs of names, "!name" excludes.
// Unknown names that are not globs throw ppc::Error(usage).
std::vector<const ArtifactDef*> resolve_profile(const Catalog& catalog, const ProfileDef& profile);

}  // namespace collector
