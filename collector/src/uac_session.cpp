#include "uac_session.hpp"

#include <sys/stat.h>
#include <time.h>

#include <cstdio>
#include <regex>

#include "collector/run.hpp"
#include "ppc/error.hpp"
#include "utc.hpp"

namespace collector {
namespace {

constexpr std::string_view kPrefix = "uac:";

const std::vector<ppc::Column> kCommandColumns = {
    {"artifact", ppc::ColumnType::text},     {"command", ppc::ColumnType::text},
    {"output", ppc::ColumnType::text},       {"status", ppc::ColumnType::text},
    {"exit_code", ppc::ColumnType::integer}, {"duration_ms", ppc::ColumnType::integer}};

std::shared_ptr<const uac::Tree> load(const RunOptions& o) {
  if (o.uac_dir.empty())
    ppc::fail(ppc::ErrorClass::usage, "uac: profiles and artifacts need --uac DIR (a UAC tree)");
  return std::make_shared<const uac::Tree>(uac::load_tree(o.uac_dir));
}

// Stores what the UAC runner produces.
class PackageSink final : public uac::Sink {
 public:
  PackageSink(FileStore& store, ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
              const RunControl& control)
      : store_(store), writer_(writer), db_(db), log_(log), control_(control) {
    db_.create_table("uac_commands", kCommandColumns);
  }
  void collect_files(const std::vector<std::string>& paths, const std::string& artifact) override {
    store_.collect_listed(paths, std::string(kPrefix) + artifact,
                          [this] { return control_.stop_requested(); });
  }
  void add_output(const std::string& name, int fd, uint64_t size) override {
    ppc::EntryMeta meta = produced_entry(name);
    meta.size = size;
    writer_.add_file(fd, meta);
  }
  void add_text(const std::string& name, const std::string& text) override {
    writer_.add_text(produced_entry(name), text);
  }
  void command_done(const CommandRecord& r) override {
    std::vector<ppc::Value> row = {std::string(kPrefix) + r.artifact,
                                   r.command,
                                   r.output,
                                   r.status,
                                   int64_t{r.exit_code},
                                   r.duration_ms};
    db_.insert("uac_commands", row);
  }
  void source_error(const std::string& artifact, const std::string& path,
                    const std::string& message) override {
    log_.source_error(std::string(kPrefix) + artifact, path, message);
  }
  void note(const std::string& artifact, const std::string& message) override {
    log_.info("note",
              {{"artifact", std::string(kPrefix) + artifact}, {"message", json_text(message)}});
  }
  bool should_stop() const override { return control_.stop_requested(); }

 private:
  FileStore& store_;
  ppc::PackageWriter& writer_;
  ppc::CaseDb& db_;
  RunLog& log_;
  const RunControl& control_;
};

uac::RunSettings settings_of(const RunOptions& o) {
  uac::RunSettings s;
  for (const auto& v : o.uac_vars) s.variables.insert(parse_uac_var(v));
  if (!o.uac_start_date.empty()) s.start_epoch = parse_iso_date(o.uac_start_date);
  if (!o.uac_end_date.empty()) s.end_epoch = parse_iso_date(o.uac_end_date) + 86399;
  s.command_timeout_seconds = o.artifact_timeout_seconds;
  return s;
}

}  // namespace

std::pair<std::string, std::string> parse_uac_var(const std::string& text) {
  static const std::regex form("([A-Za-z_][A-Za-z0-9_]*)=(.*)");
  std::smatch m;
  if (!std::regex_match(text, m, form))
    ppc::fail(ppc::ErrorClass::usage,
              "'" + text + "' is not NAME=VALUE (NAME: letters, digits, _)");
  return {m[1].str(), m[2].str()};
}

int64_t parse_iso_date(const std::string& text) {
  tm tmv{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d", &tmv);
  if (text.size() != 10 || !end || *end != '\0')
    ppc::fail(ppc::ErrorClass::usage, "'" + text + "' is not a date YYYY-MM-DD");
  return static_cast<int64_t>(timegm(&tmv));
}

UacPlan make_uac_plan(RunOptions& o) {
  UacPlan plan;
  std::vector<std::string> patterns;
  if (o.profile.starts_with(kPrefix)) {
    plan.tree = load(o);
    uac::Profile p = uac::find_profile(*plan.tree, o.profile.substr(kPrefix.size()));
    plan.profile = p.name;
    plan.profile_source = p.source;
    patterns = p.artifacts;
    o.profile = "none";
  }
  std::vector<std::string> ours;
  for (const auto& a : o.artifacts) {
    bool exclude = a.starts_with('!');
    std::string_view name = std::string_view(a).substr(exclude ? 1 : 0);
    if (!name.starts_with(kPrefix)) {
      ours.push_back(a);
      continue;
    }
    patterns.push_back((exclude ? "!" : "") + std::string(name.substr(kPrefix.size())));
  }
  o.artifacts = ours;
  if (patterns.empty()) {
    if (!o.uac_dir.empty()) plan.tree = load(o);  // checks the tree even when nothing is chosen
    return plan;
  }
  if (!plan.tree) plan.tree = load(o);
  uac::Selection s =
      uac::select_artifacts(*plan.tree, patterns, o.uac_enable_modifiers, o.uac_skip_invalid);
  plan.artifacts = s.artifacts;
  plan.warnings = s.warnings;
  return plan;
}

void run_uac_plan(const UacPlan& plan, const RunOptions& o, const RootFs& fs, FileStore& store,
                  ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
                  const RunControl& control, const std::string& hostname,
                  const std::string& work_dir, const std::string& case_dir) {
  for (const auto& w : plan.warnings)
    log.warning("uac_artifact_invalid", {{"message", json_text(w)}});
  if (plan.artifacts.empty()) return;
  uac::RunSettings s = settings_of(o);
  s.hostname = hostname;
  s.timestamp = std::to_string(::time(nullptr));
  s.work_dir = work_dir;
  if (!case_dir.empty()) s.exclude_paths.push_back(case_dir);
  PackageSink sink(store, writer, db, log, control);
  uac::run(*plan.tree, plan.artifacts, fs, s, sink);
}

int list_uac_artifacts(const RunOptions& o) {
  auto tree = load(o);
  for (const auto& a : tree->artifacts) {
    if (!a.runs_on_linux()) continue;
    std::string kinds;
    for (const auto& e : a.entries)
      if (e.runs_on_linux() && kinds.find(uac::to_string(e.collector)) == std::string::npos)
        kinds += (kinds.empty() ? "" : ",") + std::string(uac::to_string(e.collector));
    std::string description;
    for (const auto& e : a.entries)
      if (e.runs_on_linux()) {
        description = e.description;
        break;
      }
    std::printf("uac:%-52s %-12s %s%s\n", a.name.c_str(), kinds.c_str(), description.c_str(),
                a.modifier ? " (modifier)" : "");
  }
  for (const auto& [name, message] : tree->invalid)
    std::fprintf(stderr, "collector: %s%s\n", message.c_str(),
                 o.uac_skip_invalid ? " (skipped: --uac-skip-invalid)" : "");
  return tree->invalid.empty() || o.uac_skip_invalid ? kExitComplete : kExitUsage;
}

int list_uac_profiles(const RunOptions& o) {
  auto tree = load(o);
  for (const auto& p : tree->profiles)
    std::printf("uac:%-20s %s\n", p.name.c_str(), p.description.c_str());
  return kExitComplete;
}

void dry_run_uac(const UacPlan& plan, const RunOptions& o, const RootFs& fs, uint64_t& total_files,
                 uint64_t& total_bytes) {
  if (plan.artifacts.empty()) return;
  uac::RunSettings s = settings_of(o);
  std::printf("UAC %s%s: %zu artifacts\n", plan.tree->dir.c_str(),
              plan.profile.empty() ? "" : (" profile " + plan.profile).c_str(),
              plan.artifacts.size());
  for (const auto* a : plan.artifacts) {
    uint64_t files = 0, bytes = 0;
    for (const auto& p : uac::planned_files(*plan.tree, *a, fs, s)) {
      auto st = fs.lstat(p);
      if (st && S_ISREG(st->st_mode)) {
        ++files;
        bytes += static_cast<uint64_t>(st->st_size);
      }
    }
    std::size_t commands = 0;
    for (const auto& e : a->entries)
      commands += e.runs_on_linux() && e.collector == uac::Kind::command;
    total_files += files;
    total_bytes += bytes;
    std::printf("  uac:%-50s %3zu cmds %6llu files %10.1f MiB\n", a->name.c_str(), commands,
                static_cast<unsigned long long>(files), static_cast<double>(bytes) / 1048576.0);
  }
}

}  // namespace collector
