#include <CLI/CLI.hpp>

#include <cstdio>

#include "collector/definitions.hpp"
#include "collector/run.hpp"
#include "config.hpp"
#include "custody.hpp"
#include "ppc/error.hpp"
#include "recipients.hpp"
#include "session.hpp"

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


void add_options(CLI::App& app, RunOptions& o, std::string& scan_max_size, std::string& max_file_size,
                 std::string& max_package_size, std::string& min_free_space) {
  app.add_option("--case-dir,--case-base-dir", o.case_dir, "Where packages go (created if missing)")
      ->capture_default_str();
  app.add_option("--profile", o.profile, "Built-in profile (quick, full, compromise-assessment, none) or a file")
      ->capture_default_str();
  app.add_option("--artifact", o.artifacts, "Add an artifact (name or glob) to the profile; repeatable");
  app.add_option("--collect", o.collect, "Also collect files by path or glob ('**' allowed); repeatable");
  app.add_option("--case-id", o.case_id, "Case identifier (custody record and package name)")->capture_default_str();
  app.add_option("--examiner", o.examiner, "Who collects (custody record)");
  app.add_option("--organization", o.organization, "Organization (custody record)");
  app.add_option("--note", o.note, "Free-text note (custody record)");
  app.add_option("--recipient", o.recipients, "Encrypt to an X25519 public key ppc1...; repeatable");
  app.add_option("--recipient-file", o.recipient_files, "File of ppc1... keys, or a PEM X.509 certificate (RSA)")
      ->check(CLI::ExistingFile);
  app.add_option("--password-file", o.password_file, "Encrypt to the passphrase in this file (>= 12 characters)")
      ->check(CLI::ExistingFile);
  app.add_flag("--no-encrypt", o.no_encrypt, "Write an unencrypted package (integrity only, no secrecy)");
  app.add_option("--sign-key", o.signing_key_file, "Sign the package with this Ed25519 private key (PEM)")
      ->check(CLI::ExistingFile);
  app.add_option("--scrypt-work-factor", o.scrypt_log2n, "log2 of scrypt's N for passphrases (15..22)")
      ->check(CLI::Range(15, 22))
      ->capture_default_str();
  app.add_option("--hash", o.hashes, "Digests of every file: sha256[,md5][,sha1]")->capture_default_str();
  app.add_option("--root", o.root, "Treat DIR as the file system root (mounted image); live-only artifacts skip")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_flag("--quiet,-q", o.quiet, "Only errors on stderr; the package path on stdout");
  app.add_option("--log-format", o.log_format, "Console log format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--dry-run", o.dry_run, "Print what would be collected and its size; write nothing");
  app.add_option("--rules", o.rules, "YARA rule file, directory or compiled rules (default: built-in set)");
  app.add_option("--scan", o.scan, "Triage scope: path or glob to scan with YARA; repeatable");
  app.add_option("--scan-exclude", o.scan_exclude, "Glob to leave out of the scan; repeatable");
  app.add_option("--scan-max-size", scan_max_size, "Largest file to scan")->default_str("64MiB");
  app.add_option("--scan-max-depth", o.scan_max_depth, "Deepest directory level to scan (-1 = any)");
  app.add_option("--scan-modified-since", o.scan_modified_since, "Scan files modified since YYYY-MM-DD or Nd");
  app.add_option("--scan-memory", o.scan_memory, "Scan process memory: all, a PID or a process name; repeatable");
  app.add_flag("--collect-matches", o.collect_matches, "Store files that match a rule in the package");
  app.add_option("--threads", o.threads, "Scan threads (default: number of cores)");
  app.add_option("--max-file-size", max_file_size,
                 "Store at most this many bytes of any file (status truncated); without it, files over "
                 "256 MiB that are mostly holes (sparse) keep their first 256 MiB");
  app.add_option("--max-package-size", max_package_size,
                 "Stop collecting (and finalize, exit 3) at this package size; the file being stored "
                 "and the closing records may take it a little over");
  app.add_option("--min-free-space", min_free_space,
                 "Stop collecting (and finalize, exit 3) before the case drive has less than this free");
  app.add_option("--timeout", o.timeout_seconds,
                 "Stop collecting after this many seconds (and finalize, exit 3)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--artifact-timeout", o.artifact_timeout_seconds,
                 "Stop any one artifact after this many seconds, keep what it collected, go on "
                 "(0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--cpu-limit", o.cpu_limit_percent,
                 "Keep the collector's CPU time under this percentage of wall time (1..100) by "
                 "pausing between blocks and files")
      ->check(CLI::Range(1, 100));
  app.add_option("--io-nice", o.io_nice,
                 "I/O priority: idle (only when the disk is otherwise idle) or best-effort (lowest "
                 "level)")
      ->check(CLI::IsMember({"idle", "best-effort"}));
  app.add_option("--config", o.config_file, "Preset options from this YAML file (default: collector.yaml beside "
                                            "the binary)");
}

int list_profiles() {
  Catalog c = load_builtin_catalog();
  for (const auto& p : c.profiles) std::printf("%-24s %s\n", p.name.c_str(), p.description.c_str());
  return kExitComplete;
}

int list_artifacts() {
  Catalog c = load_builtin_catalog();
  for (const auto& a : c.artifacts) {
    const char* kind = a.kind == CollectorKind::native ? "native" : a.kind == CollectorKind::file ? "file" : "command";
    std::printf("%-28s %-7s %s%s\n", a.name.c_str(), kind, a.description.c_str(), a.live_only ? " (live only)" : "");
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
  std::string scan_max_size, max_file_size, max_package_size, min_free_space;
  CLI::App app{"collector: collects evidence from this Linux asset into one encrypted, hashed case package (.ppc)",
               "collector"};
  app.footer(kFooter);
  app.set_version_flag("--version", [] { return version_text("collector"); });
  add_options(app, o, scan_max_size, max_file_size, max_package_size, min_free_space);
  auto* profiles = app.add_subcommand("profiles", "List the built-in acquisition profiles");
  auto* artifacts = app.add_subcommand("artifacts", "List the built-in artifact definitions");
  try {
    std::string config = find_config(argc, argv);
    if (!config.empty()) apply_config(config, o);
    app.parse(argc, argv);
    if (*profiles) return list_profiles();
    if (*artifacts) return list_artifacts();
    if (!scan_max_size.empty()) o.scan_max_size = size_option(scan_max_size);
    for (const auto& c : o.collect)
      if (c.empty() || c[0] != '/')
        throw ppc::Error(ppc::ErrorClass::usage, "--collect takes absolute paths or globs on the asset, not '" + c + "'");
    if (!max_file_size.empty()) o.max_file_size = size_option(max_file_size);
    if (!max_package_size.empty()) o.max_package_size = size_option(max_package_size);
    if (!min_free_space.empty()) o.min_free_space = size_option(min_free_space);
    o.command_line = redacted_command_line(argc, argv);
    if (o.dry_run) return dry_run(o);
    return run_collection(std::move(o));
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail_with(kExitUsage, std::string(e.what()) + " (see collector --help)");
  } catch (const ppc::Error& e) {
    return fail_with(e.error_class() == ppc::ErrorClass::usage ? kExitUsage : kExitFailed, e.what());
  } catch (const std::exception& e) {
    return fail_with(kExitFailed, e.what());
  }
}

}  // namespace collector
