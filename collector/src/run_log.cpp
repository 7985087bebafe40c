#include "run_log.hpp"

#include <unistd.h>

#include <cstdio>

#include "ppc/hashing.hpp"

#include "utc.hpp"

namespace collector {
namespace {

constexpr std::size_t kMaxLogBytes = 32u << 20;  // the log is bounded like everything else

const char* level_name(LogLevel l) {
  switch (l) {
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

// On a terminal, a message first clears the progress line it would otherwise be appended to.
const char* line_start() {
  static const bool tty = ::isatty(STDERR_FILENO) != 0;
  return tty ? "\r\033[K" : "";
}

}  // namespace

RunLog::RunLog(bool quiet, bool json_console, ppc::Clock& clock)
    : quiet_(quiet), json_(json_console), clock_(clock) {}

void RunLog::info(std::string_view event, nlohmann::json fields) {
  write(LogLevel::info, event, std::move(fields));
}
void RunLog::warning(std::string_view event, nlohmann::json fields) {
  write(LogLevel::warning, event, std::move(fields));
}
void RunLog::error(std::string_view event, nlohmann::json fields) {
  write(LogLevel::error, event, std::move(fields));
}

void RunLog::source_error(std::string_view artifact, std::string_view path,
                          std::string_view message) {
  {
    std::lock_guard lock(mu_);
    ++source_errors_;
  }
  write(LogLevel::warning, "source_unreadable",
        {{"artifact", artifact}, {"path", json_text(path)}, {"message", message}});
}

void RunLog::write(LogLevel level, std::string_view event, nlohmann::json fields) {
  nlohmann::json line = {
      {"time", utc_iso(clock_.now_ns())}, {"level", level_name(level)}, {"event", event}};
  for (auto& [k, v] : fields.items()) line[k] = v;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mu_);
  if (lines_.size() + text.size() < kMaxLogBytes) {
    lines_ += text;
    lines_ += '\n';
  } else {
    ++dropped_;
  }
  if (quiet_ && level != LogLevel::error) return;
  if (json_) {
    std::fprintf(stderr, "%s\n", text.c_str());
  } else if (level != LogLevel::info) {
    std::string msg = std::string(level_name(level)) + ": " + std::string(event);
    for (auto& [k, v] : fields.items())
      msg += " " + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
    std::fprintf(stderr, "%s%s\n", line_start(), msg.c_str());
  }
}

void RunLog::console(std::string_view text) const {
  if (quiet_ || json_) return;
  std::fprintf(stderr, "%s%.*s\n", line_start(), static_cast<int>(text.size()), text.data());
}

void print_summary(const RunLog& log, const ppc::CustodyRecord& record,
                   const ppc::FinishResult& finished, const std::string& package_path,
                   std::size_t volumes) {
  const ppc::CustodyCounts& c = record.counts;
  std::string sha = ppc::to_hex(finished.package_sha256);
  if (log.json_console()) {
    nlohmann::json line{{"event", "summary"},
                        {"package", package_path},
                        {"sha256", sha},
                        {"files", c.files_stored},
                        {"source_errors", c.source_errors}};
    if (volumes > 1) line["volumes"] = volumes;
    std::fprintf(stderr, "%s\n", line.dump().c_str());
  } else if (!log.quiet()) {
    std::fprintf(
        stderr,
        "collected %llu artifacts, %llu rows, %llu files (%.1f MiB); %llu skipped, %llu failed, "
        "%llu source errors, %llu triage matches\n",
        static_cast<unsigned long long>(c.artifacts), static_cast<unsigned long long>(c.rows),
        static_cast<unsigned long long>(c.files_stored),
        static_cast<double>(c.bytes_stored) / 1048576.0,
        static_cast<unsigned long long>(c.files_skipped),
        static_cast<unsigned long long>(c.files_failed),
        static_cast<unsigned long long>(c.source_errors),
        static_cast<unsigned long long>(c.triage_matches));
    std::fprintf(stderr, "package %s (%.1f MiB)\nsha256  %s\n", package_path.c_str(),
                 static_cast<double>(finished.package_bytes) / 1048576.0, sha.c_str());
    if (volumes > 1)
      std::fprintf(stderr, "volumes %zu: %s, %s.002 ... (sha256 of each in %s.sha256)\n", volumes,
                   package_path.c_str(), package_path.c_str(), package_path.c_str());
  }
  // The package path on stdout: the one line scripts need.
  std::printf("%s\n", package_path.c_str());
}

void log_run_conditions(const RunOptions& o, RunLog& log) {
  if (!o.config_file.empty()) {
    log.info("config_applied", {{"path", o.config_file}});
    log.console("collector: options preset from " + o.config_file);  // text console only
  }
  if (::geteuid() != 0)
    log.warning("not_root", {{"euid", ::geteuid()},
                             {"message", "files only root may read will be reported unreadable"}});
}

}  // namespace collector
