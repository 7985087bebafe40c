#pragma once
// Everything a collection run is told, from the command line and collector.yaml.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace collector {

struct RunOptions {
  std::string case_dir = "Cases";
  std::string profile = "quick";
  std::vector<std::string> collect;    // ad-hoc paths and globs
  std::vector<std::string> artifacts;  // added to the profile's (names or globs)
  std::vector<std::string> images;     // --image: devices or image files to image
  std::string image_hashes = "md5,sha1,sha256";
  std::string case_id = "adhoc";
  std::string examiner, organization, note;

  // Encryption
  std::vector<std::string> recipients;       // ppc1… strings
  std::vector<std::string> recipient_files;  // recipient strings or PEM certificates
  std::string password_file;
  bool no_encrypt = false;
  int scrypt_log2n = 15;  // 32 MiB: keeps the run within its memory budget
  std::string signing_key_file;

  std::string hashes = "sha256";
  uint64_t split_size = 0;  // volume size; 0 = one file (volumes of 4095 MiB on FAT32)
  std::string root = "/";
  bool quiet = false;
  std::string log_format = "text";  // text | json
  bool dry_run = false;

  // Triage (YARA)
  std::vector<std::string> rules;
  std::vector<std::string> scan, scan_exclude, scan_memory;
  uint64_t scan_max_size = 0;  // 0 = the profile's (default 64 MiB)
  int scan_max_depth = -1;
  std::string scan_modified_since;  // YYYY-MM-DD or days ("7d")
  bool collect_matches = false;
  int threads = 0;

  // Triage beyond YARA (ppc_findings): Sigma rules over the collected logs, SQL rules over case.db
  std::vector<std::string> sigma;      // rule files or folders; empty = the profile's choice
  std::vector<std::string> sql_rules;  // likewise

  // Limits
  uint64_t max_file_size = 0;  // 0 = none (the profile may set one)
  uint64_t max_package_size = 0;
  uint64_t min_free_space = 0;
  int timeout_seconds = 0;             // whole run; 0 = none
  int artifact_timeout_seconds = 300;  // each artifact; 0 = none
  int cpu_limit_percent = 0;           // CPU time / wall time of the process; 0 = none
  std::string io_nice;                 // "", "idle" or "best-effort" (ioprio_set)

  // UAC artifacts (--uac DIR; --profile uac:NAME and --artifact uac:PATTERN select from it)
  std::string uac_dir;
  std::vector<std::string> uac_vars;  // NAME=VALUE
  bool uac_skip_invalid = false;
  bool uac_enable_modifiers = false;
  std::string uac_start_date, uac_end_date;  // YYYY-MM-DD

  std::string config_file;                // the collector.yaml that was applied, if any
  std::vector<std::string> command_line;  // argv with secrets redacted (custody record)
};

}  // namespace collector
