#pragma once
// UAC (Unix-like Artifacts Collector) artifact and profile files, run unchanged.
//
// A UAC tree (its artifacts/, profiles/ and optional config/uac.conf) is loaded and checked
// before anything runs: every problem is one ppc::Error(usage) line "file:line: message". The
// selected artifacts then run through the asset layer: file, find, hash and stat collectors
// natively (one walk per root, no find, no shell), command collectors with /bin/sh -c on the
// live system only. docs/USAGE.md, "UAC artifacts", documents the behaviour.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asset/root_fs.hpp"

namespace collector::uac {

enum class Kind { command, file, find, hash, stat };
std::string_view to_string(Kind k);

// One entry of an artifact file's `artifacts:` list, with UAC 3.3.0's keys.
struct Entry {
  int line = 0;
  std::string description;
  std::vector<std::string> supported_os;
  Kind collector = Kind::command;
  std::string condition;  // shell; a leading '!' negates
  std::string path;       // several, space separated; placeholders unreplaced
  std::vector<std::string> path_pattern, name_pattern, exclude_path_pattern, exclude_name_pattern;
  std::vector<std::string> exclude_file_system, file_type, permissions;
  bool exclude_nologin_users = false;
  int max_depth = 0;  // 0 = unlimited (or uac.conf's max_depth)
  std::optional<uint64_t> min_file_size, max_file_size;
  bool no_user = false, no_group = false, ignore_date_range = false, is_file_list = false;
  std::string foreach, command, output_directory, output_file;
  bool compress_output_file = false, redirect_stderr_to_stdout = false;
  bool runs_on_linux() const;
};

struct Artifact {
  std::string name;    // path relative to artifacts/ ("live_response/process/ps.yaml")
  std::string source;  // the file, for messages
  std::string version, output_directory, condition;
  bool modifier = false;
  std::vector<Entry> entries;
  bool runs_on_linux() const;
};

struct Config {  // config/uac.conf
  std::vector<std::string> exclude_path_pattern, exclude_name_pattern, exclude_file_system;
  uint64_t exclude_mount_point_size = 0;
  std::vector<std::string> hash_algorithm{"md5", "sha1"};
  int max_depth = 0;
  bool enable_find_mtime = true, enable_find_atime = false, enable_find_ctime = true;
};

struct Profile {
  std::string name, description, source;
  std::vector<std::string> artifacts;  // patterns relative to artifacts/; "!x" excludes
};

// Text of one UAC file rewritten as strict YAML, line for line (so yaml-cpp's lines are the
// file's): values quoted, `"""` blocks turned into literal blocks, UAC's comments removed.
std::string normalize_uac_text(std::string_view text, std::string_view source);
// Parsers of one file's text; `source` names it in messages. Throw ppc::Error(usage).
Artifact parse_artifact(std::string_view text, std::string_view source, std::string name);
Profile parse_profile(std::string_view text, std::string_view source);
Config parse_config(std::string_view text, std::string_view source);

struct Tree {
  std::string dir;
  Config config;
  std::vector<Artifact> artifacts;             // every valid file under artifacts/, sorted by name
  std::map<std::string, std::string> invalid;  // name -> "file:line: message"
  std::vector<Profile> profiles;
  const Artifact* find(std::string_view name) const;
};
// Loads the whole tree (a malformed uac.conf or profile throws; artifacts land in `invalid`).
Tree load_tree(const std::string& dir);
// A profile by its `name:` or file name in profiles/, or a file path. Throws usage.
Profile find_profile(const Tree& tree, const std::string& name_or_file);

struct Selection {
  std::vector<const Artifact*> artifacts;  // in run order
  std::vector<std::string> warnings;       // invalid ones skipped (--uac-skip-invalid)
};
// Expands patterns (globs relative to artifacts/, a directory takes everything below it,
// "!pattern" removes) in order, each artifact once; keeps only those with an entry for linux or
// all, modifiers only when enabled. An invalid selected artifact throws its message, or is
// skipped with a warning when skip_invalid. A pattern matching nothing throws usage.
Selection select_artifacts(const Tree& tree, const std::vector<std::string>& patterns,
                           bool enable_modifiers, bool skip_invalid);

// ----- Running -----

// Where the runner's results go (implemented by the collector's session over its package).
class Sink {
 public:
  virtual ~Sink() = default;
  // Store these asset files as evidence (files/<path>, hashed, in case.db), each once.
  virtual void collect_files(const std::vector<std::string>& paths,
                             const std::string& artifact) = 0;
  // Store `size` bytes read from fd as package entry `name` (uac/...).
  virtual void add_output(const std::string& name, int fd, uint64_t size) = 0;
  virtual void add_text(const std::string& name, const std::string& text) = 0;
  // One row of uac_commands.
  struct CommandRecord {
    std::string artifact, command, output, status;  // status: ok | failed | timeout | skipped:<why>
    int exit_code = -1;
    int64_t duration_ms = 0;
  };
  virtual void command_done(const CommandRecord& record) = 0;
  virtual void source_error(const std::string& artifact, const std::string& path,
                            const std::string& message) = 0;
  virtual void note(const std::string& artifact, const std::string& message) = 0;
  virtual bool should_stop() const = 0;
};

struct RunSettings {
  std::map<std::string, std::string> variables;   // --uac-var NAME=VALUE
  std::optional<int64_t> start_epoch, end_epoch;  // --uac-start-date / --uac-end-date
  std::string hostname, timestamp;
  std::string work_dir;             // inside the case directory: temporary outputs, never the asset
  int command_timeout_seconds = 0;  // 0 = none
  std::vector<std::string> exclude_paths;  // host paths never walked (the case directory)
};

// Runs the artifacts in order. Command collectors run only when the root is "/".
void run(const Tree& tree, const std::vector<const Artifact*>& artifacts, const asset::RootFs& fs,
         const RunSettings& settings, Sink& sink);

// What a --dry-run estimate needs: the asset files the file collectors of `artifact` would store.
std::vector<std::string> planned_files(const Tree& tree, const Artifact& artifact,
                                       const asset::RootFs& fs, const RunSettings& settings);

}  // namespace collector::uac
