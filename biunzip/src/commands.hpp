#pragma once
// biunzip's subcommands (internal to biunzip_core). Each add_*_command registers one CLI11
// subcommand whose callback leaves the work to do in Context::action; run() calls it after
// parsing, inside the one try block that turns ppc::Error into an exit code.
#include <functional>
#include <iosfwd>

#include "biunzip/key_input.hpp"
#include "biunzip/output_tree.hpp"

namespace CLI {
class App;
}

namespace biunzip {

struct Context {
  std::ostream& out;
  std::ostream& err;
  bool quiet = false;
  std::function<int()> action;
};

// --password-file, --password, --identity, --key, --max-scrypt (and --verify-key when asked).
void add_key_options(CLI::App& cmd, KeyOptions& keys, bool with_verify_key = false);
// Warns that --password is visible to other users (once, on stderr).
void warn_visible_password(const KeyOptions& keys, Context& ctx);
// -o/--output, --force, --max-size, --max-ratio, --no-report, --keep-modes.
struct OutputOptions {
  std::string dir;
  bool force = false;
  std::string max_size = "1TiB";
  uint64_t max_ratio = 20000;
  bool no_report = false;
  bool keep_modes = false;
};
void add_output_options(CLI::App& cmd, OutputOptions& o);
TreeOptions tree_options(const OutputOptions& o);  // throws Error(usage) for a bad --max-size

void add_info_command(CLI::App& app, Context& ctx);
void add_verify_command(CLI::App& app, Context& ctx);
void add_list_command(CLI::App& app, Context& ctx);
void add_extract_command(CLI::App& app, Context& ctx);
void add_salvage_command(CLI::App& app, Context& ctx);
void add_report_command(CLI::App& app, Context& ctx);
void add_keygen_command(CLI::App& app, Context& ctx);
void add_timestamp_command(CLI::App& app, Context& ctx);
void add_export_command(CLI::App& app, Context& ctx);
void add_image_command(CLI::App& app, Context& ctx);
void add_timeline_command(CLI::App& app, Context& ctx);  // cmd_timeline.cpp
void add_upload_command(CLI::App& app, Context& ctx);    // cmd_upload.cpp
void add_triage_command(CLI::App& app, Context& ctx);
// The commercial tool's interface: --file PKG, --dir DIR --csv FILE.
void add_compat_options(CLI::App& app, Context& ctx);

}  // namespace biunzip
