#include "options_table.hpp"

#include <limits>

#include "option_checks.hpp"

namespace collector {
namespace {

constexpr int kMaxThreads = 1024;

void declare_case_options(CLI::App& app, RunOptions& o) {
  app.add_option("--case-dir,--case-base-dir", o.case_dir, "Where packages go (created if missing)")
      ->capture_default_str();
  app.add_option("--profile", o.profile,
                 "Built-in profile (quick, full, compromise-assessment, none) or a file")
      ->capture_default_str();
  app.add_option("--artifact", o.artifacts,
                 "Add an artifact (name or glob) to the profile; repeatable")
      ->check(checks::artifact());
  app.add_option("--collect", o.collect,
                 "Also collect files by absolute path or glob ('**' allowed); repeatable")
      ->check(checks::absolute_path());
  app.add_option("--image", o.images,
                 "Image a disk, partition, volume or image file into the package "
                 "(images/<name>.raw); repeatable");
  app.add_option("--image-hash", o.image_hashes, "Digests of each image: sha256[,md5][,sha1]")
      ->check(checks::hash_list())
      ->capture_default_str();
  app.add_option("--case-id", o.case_id,
                 "Case identifier (custody record and package name): no '/', no leading '.', "
                 "at most 64 bytes")
      ->check(checks::case_id())
      ->capture_default_str();
  app.add_option("--examiner", o.examiner, "Who collects (custody record)");
  app.add_option("--organization", o.organization, "Organization (custody record)");
  app.add_option("--note", o.note, "Free-text note (custody record)");
}

void declare_encryption_options(CLI::App& app, RunOptions& o) {
  app.add_option("--recipient", o.recipients, "Encrypt to an X25519 public key ppc1...; repeatable")
      ->check(checks::recipient());
  app.add_option("--recipient-file", o.recipient_files,
                 "File of ppc1... keys, or a PEM X.509 certificate (RSA)")
      ->check(CLI::ExistingFile);
  app.add_option("--password-file", o.password_file,
                 "Encrypt to the passphrase in this file (>= 12 characters)")
      ->check(CLI::ExistingFile);
  app.add_flag("--no-encrypt", o.no_encrypt,
               "Write an unencrypted package (integrity only, no secrecy)");
  app.add_option("--sign-key", o.signing_key_file,
                 "Sign the package with this Ed25519 private key (PEM)")
      ->check(CLI::ExistingFile);
  app.add_option("--scrypt-work-factor", o.scrypt_log2n,
                 "log2 of scrypt's N for passphrases (15..22)")
      ->check(CLI::Range(15, 22))
      ->capture_default_str();
}

void declare_output_options(CLI::App& app, RunOptions& o) {
  app.add_option("--hash", o.hashes, "Digests of every file: sha256[,md5][,sha1]")
      ->check(checks::hash_list())
      ->capture_default_str();
  app.add_option("--root", o.root,
                 "Treat DIR as the file system root (mounted image); live-only artifacts skip")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  app.add_option("--split-size", o.split_size,
                 "Split the package into volumes of this size (NAME.ppc, NAME.ppc.002, ...; at "
                 "least 1MiB); automatic (4095MiB) when the case directory is on FAT32")
      ->type_name("SIZE")
      ->transform(checks::volume_size());
  app.add_flag("--quiet,-q", o.quiet, "Only errors on stderr; the package path on stdout");
  app.add_option("--log-format", o.log_format, "Console log format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_flag("--dry-run", o.dry_run, "Print what would be collected and its size; write nothing")
      ->configurable(false);
}

void declare_triage_options(CLI::App& app, RunOptions& o) {
  app.add_option("--rules", o.rules,
                 "YARA rule file, directory or compiled rules (default: built-in set)");
  app.add_option("--scan", o.scan,
                 "Triage scope: absolute path or glob to scan with YARA; repeatable")
      ->check(checks::absolute_path());
  app.add_option("--scan-exclude", o.scan_exclude, "Glob to leave out of the scan; repeatable");
  app.add_option("--scan-max-size", o.scan_max_size, "Largest file to scan")
      ->type_name("SIZE")
      ->transform(checks::size())
      ->default_str("64MiB");
  app.add_option("--scan-max-depth", o.scan_max_depth, "Deepest directory level to scan (-1 = any)")
      ->check(CLI::Range(-1, std::numeric_limits<int>::max()));
  app.add_option("--scan-modified-since", o.scan_modified_since,
                 "Scan files modified since YYYY-MM-DD or Nd")
      ->check(checks::since());
  app.add_option("--scan-memory", o.scan_memory,
                 "Scan process memory: all, a PID or a process name; repeatable");
  app.add_flag("--collect-matches", o.collect_matches,
               "Store files that match a rule in the package");
  app.add_option("--threads", o.threads, "Scan threads, 0..1024 (default 0: number of cores)")
      ->check(CLI::Range(0, kMaxThreads));
  app.add_option("--sigma", o.sigma,
                 "Sigma rule file or folder to run over the collected logs; repeatable "
                 "(default: the built-in set when the profile enables Sigma)");
  app.add_option("--sql-rules", o.sql_rules,
                 "SQL rule file or folder to run over case.db; repeatable (default: the "
                 "built-in set when the profile enables SQL rules)");
}

void declare_limit_options(CLI::App& app, RunOptions& o) {
  app.add_option("--max-file-size", o.max_file_size,
                 "Store at most this many bytes of any file (status truncated); without it, "
                 "files over 256 MiB that are mostly holes (sparse) keep their first 256 MiB")
      ->type_name("SIZE")
      ->transform(checks::size());
  app.add_option("--max-package-size", o.max_package_size,
                 "Stop collecting (and finalize, exit 3) at this package size; the file being "
                 "stored and the closing records may take it a little over")
      ->type_name("SIZE")
      ->transform(checks::size());
  app.add_option("--min-free-space", o.min_free_space,
                 "Stop collecting (and finalize, exit 3) before the case drive has less than "
                 "this free")
      ->type_name("SIZE")
      ->transform(checks::size());
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
                 "I/O priority: idle (only when the disk is otherwise idle) or best-effort "
                 "(lowest level)")
      ->check(CLI::IsMember({"idle", "best-effort"}));
}

void declare_uac_options(CLI::App& app, RunOptions& o) {
  app.add_option("--uac", o.uac_dir,
                 "A UAC tree (artifacts/, profiles/, config/uac.conf): --profile uac:NAME and "
                 "--artifact uac:PATTERN run its files")
      ->check(CLI::ExistingDirectory);
  app.add_option("--uac-var", o.uac_vars, "Set a UAC user-defined variable NAME=VALUE; repeatable")
      ->check(checks::uac_var());
  app.add_flag("--uac-skip-invalid", o.uac_skip_invalid,
               "Skip invalid UAC artifact files with a warning instead of stopping (exit 2)");
  app.add_flag("--uac-enable-modifiers", o.uac_enable_modifiers,
               "Also run UAC artifacts marked 'modifier: true' (they change the system)");
  app.add_option("--uac-start-date", o.uac_start_date,
                 "UAC find-based collectors: only files changed since YYYY-MM-DD")
      ->check(checks::iso_date());
  app.add_option("--uac-end-date", o.uac_end_date,
                 "UAC find-based collectors: only files changed until YYYY-MM-DD")
      ->check(checks::iso_date());
}

}  // namespace

CLI::Option* declare_config_option(CLI::App& app, std::string& path) {
  return app
      .add_option("--config", path,
                  "Preset options from this YAML file (default: collector.yaml beside the binary)")
      ->check(CLI::ExistingFile)
      ->configurable(false);
}

void declare_options(CLI::App& app, RunOptions& o) {
  if (CLI::Option* help = app.get_help_ptr()) help->configurable(false);
  declare_case_options(app, o);
  declare_encryption_options(app, o);
  declare_output_options(app, o);
  declare_triage_options(app, o);
  declare_limit_options(app, o);
  declare_uac_options(app, o);
  declare_config_option(app, o.config_file);
}

}  // namespace collector
