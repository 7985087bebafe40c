#include <CLI/CLI.hpp>

#include <cstdio>

#include "collector/definitions.hpp"
#include "collector/run.hpp"
#include "config.hpp"
#include "custody.hpp"
#include "options_table.hpp"
#include "ppc/error.hpp"
#include "recipients.hpp"
#include "session.hpp"
#include "uac_session.hpp"

namespace collector {
namespace {

constexpr const char* kFooter = R"(Exit codes:
  0    complete
  1    failed (the message says why; a partial package stays salvageable)
  2    usage error: bad option, profile or rule file (nothing was collected)
  3    complete, but some sources could not be read or a limit stopped the run early
  130  interrupted (SIGINT/SIGTERM): the package was still finalized and verifies

Examples:
  collector --case-id IR-2041 --examiner jdoe --recipient ppc1...     (quick profile into ./Cases)
  collector --profile full --password-file /media/usb/pass.txt
  collector --profile none --collect '/var/www/**' --rules web.yar --scan /var/www
  collector profiles | collector artifacts | collector --dry-run --profile full

A collector.yaml beside the binary (or --config FILE) presets any option, e.g.
  case-dir: /media/usb/Cases
  recipient: ppc1...
  examiner: jdoe
Documentation: docs/USAGE.md)";

int list_profiles() {
  Catalog c = load_builtin_catalog();
  for (const auto& p : c.profiles) std::printf("%-24s %s\n", p.name.c_str(), p.description.c_str());
  return kExitComplete;
}

int list_artifacts() {
  Catalog c = load_builtin_catalog();
  for (const auto& a : c.artifacts) {
    const char* kind = a.kind == CollectorKind::native ? "native"
                       : a.kind == CollectorKind::file ? "file"
                                                       : "command";
    std::printf("%-28s %-7s %s%s\n", a.name.c_str(), kind, a.description.c_str(),
                a.live_only ? " (live only)" : "");
  }
  return kExitComplete;
}

int fail_with(int code, const std::string& message) {
  std::fprintf(stderr, "collector: %s\n", message.c_str());
  return code;
}

}  // namespace

int run(int argc, char** argv) {
  RunOptions o;
  CLI::App app{
      "collector: collects evidence from this Linux asset into one encrypted, hashed case package "
      "(.ppc)",
      "collector"};
  app.footer(kFooter);
  app.set_version_flag("--version", [] { return version_text("collector"); })->configurable(false);
  declare_options(app, o);
  auto* profiles = app.add_subcommand("profiles", "List the built-in acquisition profiles");
  auto* artifacts = app.add_subcommand("artifacts", "List the built-in artifact definitions");
  try {
    // The file first, then the command line on top of it: the command line wins.
    std::string config = find_config(argc, argv);
    if (!config.empty()) apply_config(app, config);
    app.parse(argc, argv);
    if (!config.empty()) o.config_file = config;
    if (*profiles) return o.uac_dir.empty() ? list_profiles() : list_uac_profiles(o);
    if (*artifacts) return o.uac_dir.empty() ? list_artifacts() : list_uac_artifacts(o);
    o.command_line = redacted_command_line(argc, argv);
    if (o.dry_run) return dry_run(o);
    return run_collection(std::move(o));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail_with(kExitUsage, std::string(e.what()) + " (see collector --help)");
  } catch (const ppc::Error& e) {
    return fail_with(e.error_class() == ppc::ErrorClass::usage ? kExitUsage : kExitFailed,
                     e.what());
  } catch (const std::exception& e) {
    return fail_with(kExitFailed, e.what());
  }
}

}  // namespace collector
