#pragma once
// Internals of the UAC runner shared by its files.
#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "asset/root_fs.hpp"
#include "uac/uac.hpp"

namespace collector::uac::detail {

// One find-based entry with its placeholders replaced: what `find ROOTS ...` would select.
struct FindSpec {
  std::vector<std::string> roots;  // asset paths, globs not yet expanded
  int max_depth = -1;              // -1: unlimited
  std::vector<std::string> path_pattern, name_pattern, exclude_path_pattern, exclude_name_pattern,
      file_type, permissions;
  std::vector<std::string> pruned;  // paths never entered (excluded mount points, case directory)
  std::optional<uint64_t> min_size, max_size;
  bool no_user = false, no_group = false;
  std::optional<int64_t> start_epoch, end_epoch;
  bool by_mtime = true, by_atime = false, by_ctime = true;
  const std::set<uint32_t>* known_uids = nullptr;  // for no_user / no_group
  const std::set<uint32_t>* known_gids = nullptr;
};

struct Found {
  const std::string& path;
  const struct statx& stx;
  const std::string& link_target;
};

// Walks the asset once per root for every spec (specs sharing a root share the walk), calling
// `found(spec_index, entry)` for each entry a spec selects, in walk order. Entries below a
// directory are pruned only when every spec prunes it.
void find_all(const asset::RootFs& fs, const std::vector<FindSpec>& specs,
              const std::function<void(std::size_t, const Found&)>& found,
              const std::function<bool()>& stop);

// UAC's output lines.
std::string bodyfile_line(const std::string& path, const struct statx& stx,
                          const std::string& link_target);  // stat -c "0|%N|%i|%A|..."
std::string hash_line(const std::string& digest, const std::string& path);  // md5sum's format

// Runs `script` with /bin/sh -c, stdin /dev/null, stdout appended to out_fd (stderr too when
// merge_stderr, else discarded), in `cwd`, with PATH extended by `path_prefix`; killed (its whole
// process group) after timeout_s seconds (0: none) or when stop() says so.
struct ShellResult {
  int exit_code = -1;  // -1 when killed by a signal
  bool timed_out = false;
  int64_t duration_ms = 0;
};
ShellResult run_shell(const std::string& script, int out_fd, bool merge_stderr,
                      const std::string& cwd, const std::string& path_prefix, int timeout_s,
                      const std::function<bool()>& stop);

// Placeholders replaced in a shell fragment as UAC's _replace_placeholder_shell_fragment does:
// escaped for the quoting context the placeholder stands in.
std::string replace_in_shell(const std::string& text, const std::string& placeholder,
                             const std::string& value);
std::string replace_plain(std::string text, const std::string& placeholder,
                          const std::string& value);
// UAC's output name rules (_sanitize_output_directory, _sanitize_output_file).
std::string sanitize_output_directory(std::string dir);
std::string sanitize_output_file(std::string name);

}  // namespace collector::uac::detail
