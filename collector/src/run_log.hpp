#pragma once
// The run's log: every event goes to collection.log (JSON lines, stored in the package) and,
// unless quiet, to stderr as text or JSON. Counts errors for the exit code.
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include "collector/options.hpp"
#include "ppc/custody.hpp"
#include "ppc/writer.hpp"

#include "ppc/environment.hpp"

namespace collector {

enum class LogLevel { info, warning, error };

class RunLog {
 public:
  RunLog(bool quiet, bool json_console, ppc::Clock& clock);
  void info(std::string_view event, nlohmann::json fields = nlohmann::json::object());
  void warning(std::string_view event, nlohmann::json fields = nlohmann::json::object());
  void error(std::string_view event, nlohmann::json fields = nlohmann::json::object());
  // A source that could not be read: logged as a warning and counted (exit code 3).
  void source_error(std::string_view artifact, std::string_view path, std::string_view message);
  // A line for the operator only (progress, summary); not part of collection.log.
  void console(std::string_view text) const;

  const std::string& jsonl() const { return lines_; }
  uint64_t source_errors() const { return source_errors_; }
  // Lines left out of collection.log once it reached its size bound.
  uint64_t dropped() const {
    std::lock_guard lock(mu_);
    return dropped_;
  }
  bool quiet() const { return quiet_; }
  bool json_console() const { return json_; }

 private:
  void write(LogLevel level, std::string_view event, nlohmann::json fields);
  bool quiet_;
  bool json_;
  ppc::Clock& clock_;
  std::string lines_;
  uint64_t source_errors_ = 0;
  uint64_t dropped_ = 0;
  mutable std::mutex mu_;
};

// What the operator should know as the run starts, once its options are known good: that a
// configuration file preset options (an info line on the console too), and a warning when not
// running as root (files only root may read will be reported unreadable).
void log_run_conditions(const RunOptions& o, RunLog& log);

// The run's last words on the console: counts, package path and SHA-256 on stderr (one JSON
// line with --log-format json; nothing with --quiet), and the package path alone on stdout
// (for a split package, its first volume).
void print_summary(const RunLog& log, const ppc::CustodyRecord& record,
                   const ppc::FinishResult& finished, const std::string& package_path,
                   std::size_t volumes = 1);

}  // namespace collector
