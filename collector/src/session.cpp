#include "session.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdio>
#include <cstring>
#include <optional>

#include "artifact_runner.hpp"
#include "collector/definitions.hpp"
#include "collector/run.hpp"
#include "collector/triage.hpp"
#include "custody.hpp"
#include "file_store.hpp"
#include "limits.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"
#include "ppc/writer.hpp"
#include "progress.hpp"
#include "recipients.hpp"
#include "run_log.hpp"
#include "run_setup.hpp"
#include "tables.hpp"
#include "triage_run.hpp"
#include "utc.hpp"

namespace collector {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
// What artifacts poll (RunControl::interrupted): set by a signal or once a run limit is reached.
std::atomic<bool> g_stop{false};

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
  g_interrupted.store(true);
  g_stop.store(true);
}

void install_signal_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

// Everything a run holds; members are destroyed in reverse order (writer before the file).
class Collection {
 public:
  explicit Collection(RunOptions o) : opt_(std::move(o)), clock_(ppc::system_clock()), fs_(opt_.root) {}

  int run() {
    prepare();
    open_package();
    try {
      collect_all();
      return finish();
    } catch (const ppc::Error& e) {
      if (!sink_failed()) throw;
      throw ppc::Error(ppc::ErrorClass::io, std::string(e.what()) + "; the partial package " + path_ +
                                                " is salvageable up to its last checkpoint (biunzip salvage)");
    }
  }

 private:
  void prepare() {
    // Signals only set flags from here on: an interrupt during set-up still ends in a finished
    // (nearly empty) package and exit 130.
    g_stop.store(false);  // a run in the same process (tests) starts afresh
    g_interrupted.store(false);
    g_signal.store(0);
    install_signal_handlers();
    start_ns_ = clock_.now_ns();
    start_mono_ = clock_.monotonic_ns();
    catalog_ = load_builtin_catalog();
    profile_ = load_profile(catalog_, opt_.profile);
    artifacts_ = select_artifacts(catalog_, profile_, opt_.artifacts);
    hashes_ = hash_selection(opt_, profile_);
    if (opt_.max_file_size == 0) opt_.max_file_size = profile_.max_file_size;
    // Before any thread starts (zstd workers, scan threads): they inherit the I/O priority.
    if (!opt_.io_nice.empty()) set_io_nice(parse_io_nice(opt_.io_nice));
    set_cpu_limit(opt_.cpu_limit_percent);
    triage_.emplace(opt_, profile_, fs_);  // compiles rules now: a bad rule stops the run here
    encryption_ = resolve_encryption(opt_);
    log_.emplace(opt_.quiet, opt_.log_format == "json", clock_);
    log_run_conditions(opt_, *log_);
  }

  void open_package() {
    make_case_dir(opt_.case_dir);
    nlohmann::json asset = asset_identity(fs_);
    asset_ = asset;
    std::string stem = file_name_part(opt_.case_id) + "_" + file_name_part(asset["hostname"].get<std::string>()) +
                       "_" + utc_compact(start_ns_);
    // Never overwrite: a second run within the same second gets -2, -3, ...
    for (int n = 1; fd_ < 0; ++n) {
      name_ = stem + (n == 1 ? "" : "-" + std::to_string(n)) + ".ppc";
      path_ = opt_.case_dir + "/" + name_;
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ < 0 && (errno != EEXIST || n >= 100))
        throw ppc::Error(ppc::ErrorClass::io, "cannot create " + path_ + ": " + std::strerror(errno));
    }
    sink_.emplace(fd_, path_);
    ppc::WriterOptions w;
    w.recipients = encryption_.recipients;
    w.encrypt = encryption_.encrypt;
    w.hashes = hashes_;
    writer_.emplace(*sink_, std::move(w));
    db_.emplace();
    db_->begin();  // one transaction for the whole run: the database is in memory anyway
    tables_.emplace(*db_, *writer_);
    FileStoreOptions fso;
    fso.max_file_size = opt_.max_file_size;
    fso.hashes = hashes_;
    fso.excluded.insert(identity_of(path_));
    fso.excluded.insert(identity_of("/proc/self/exe"));
    char real[PATH_MAX];
    if (::realpath(opt_.case_dir.c_str(), real)) {
      fso.excluded_dir = real;
      triage_->exclude_case_dir(real);
    }
    fso.observer = triage_->collected_file_observer();
    fso.may_store = [this] {
      throttle();
      return stop_reason_.empty() && !out_of_room();
    };
    store_.emplace(fs_, *writer_, *db_, *log_, std::move(fso));
    room_.emplace(opt_.max_package_size, opt_.min_free_space, opt_.case_dir);
    control_.interrupted = &g_stop;
    control_.clock = &clock_;
    if (opt_.timeout_seconds > 0) control_.deadline_ns = start_mono_ + int64_t{opt_.timeout_seconds} * 1'000'000'000;
    db_->add_custody_event(utc_iso(start_ns_), "collection_started",
                           nlohmann::json{{"case_id", opt_.case_id},
                                          {"examiner", opt_.examiner},
                                          {"organization", opt_.organization},
                                          {"note", opt_.note}}
                               .dump());
    log_->info("collection_started", {{"package", path_}, {"profile", profile_.name}, {"artifacts", artifacts_.size()}});
  }

  // Stops between items (artifacts and files) when the case drive or the package reaches its
  // limit; artifacts see the stop through control_ and end early.
  bool out_of_room() {
    stop_reason_ = room_->check(*writer_);
    if (stop_reason_.empty()) return false;
    g_stop.store(true);
    return true;
  }

  void collect_all() {
    Progress progress(log_->quiet() || log_->json_console());
    std::size_t index = 0;
    for (const ArtifactDef* def : artifacts_) {
      ++index;
      throttle();
      if (stopping() || out_of_room()) break;
      if (def->live_only && !fs_.is_live()) {
        log_->info("artifact_skipped", {{"artifact", def->name}, {"reason", "needs the live system (--root given)"}});
        continue;
      }
      progress.artifact(index, artifacts_.size(), def->name, store_->counters().stored, writer_->package_bytes());
      run_one(*def);
    }
    if (!opt_.collect.empty() && !stopping()) {
      ArtifactDef adhoc;
      adhoc.name = "adhoc";
      adhoc.description = "files named with --collect";
      adhoc.kind = CollectorKind::file;
      adhoc.files.paths = opt_.collect;
      progress.artifact(index, artifacts_.size(), "--collect", store_->counters().stored, writer_->package_bytes());
      if (run_one(adhoc)) store_->collect_non_regular(opt_.collect, adhoc.name);
    }
    if (!stopping()) {
      progress.artifact(artifacts_.size(), artifacts_.size(), "triage", store_->counters().stored,
                        writer_->package_bytes());
      triage_->scan(*writer_, *db_, *store_, *log_, control_);
    }
    progress.done();
  }

  // True once the run must stop early; records why when it is the --timeout.
  bool stopping() {
    if (!control_.stop_requested()) return false;
    if (!g_interrupted && stop_reason_.empty())
      stop_reason_ = "the run reached --timeout (" + std::to_string(opt_.timeout_seconds) + " s)";
    return true;
  }

  // The run's control with this artifact's own deadline (--artifact-timeout) when it is sooner.
  RunControl artifact_control(int64_t start) const {
    RunControl c = control_;
    if (opt_.artifact_timeout_seconds > 0) {
      int64_t own = start + int64_t{opt_.artifact_timeout_seconds} * 1'000'000'000;
      if (c.deadline_ns == 0 || own < c.deadline_ns) c.deadline_ns = own;
    }
    return c;
  }

  // True when the artifact ran to its end (not stopped, no error).
  bool run_one(const ArtifactDef& def) {
    int64_t t0 = clock_.monotonic_ns();
    bool finished = false;
    try {
      RunControl control = artifact_control(t0);
      run_artifact(def, fs_, *tables_, *store_, *log_, control);
      ++artifacts_done_;
      finished = !control.stop_requested();
      if (!finished && !control_.stop_requested())
        log_->source_error(def.name, "",
                           "stopped by --artifact-timeout after " +
                               std::to_string(opt_.artifact_timeout_seconds) +
                               " s; what it collected until then is kept");
    } catch (const ppc::Error& e) {
      if (sink_failed()) throw;  // the package itself cannot be written: nothing more to do
      log_->source_error(def.name, "", e.what());
    } catch (const std::exception& e) {
      if (sink_failed()) throw;
      log_->source_error(def.name, "", std::string("artifact failed: ") + e.what());
    }
    log_->info("artifact_done", {{"artifact", def.name}, {"ms", (clock_.monotonic_ns() - t0) / 1'000'000}});
    return finished;
  }

  bool sink_failed() const { return sink_ && sink_->failed(); }

  nlohmann::json custody(int64_t end_ns) {
    const StoreCounters& c = store_->counters();
    nlohmann::json j;
    j["format"] = "ppc-custody/1";
    j["case"] = {{"case_id", opt_.case_id}, {"examiner", opt_.examiner}, {"organization", opt_.organization},
                 {"note", opt_.note}};
    j["asset"] = asset_;
    j["tool"] = tool_identity();
    j["profile"] = {{"name", profile_.name}, {"source", profile_.source}, {"artifacts", nlohmann::json::array()}};
    for (const auto* a : artifacts_) j["profile"]["artifacts"].push_back(a->name);
    j["rules"] = triage_->custody();
    j["command_line"] = opt_.command_line;
    j["config_file"] = opt_.config_file;
    j["operator"] = operator_identity();
    j["started_utc"] = utc_iso(start_ns_);
    j["ended_utc"] = utc_iso(end_ns);
    j["duration_seconds"] = static_cast<double>(clock_.monotonic_ns() - start_mono_) / 1e9;
    j["clock"] = clock_state();
    j["counts"] = {{"artifacts", artifacts_done_},        {"rows", tables_->rows()},
                   {"files_stored", c.stored},            {"files_skipped", c.skipped},
                   {"files_failed", c.failed},            {"bytes_stored", c.bytes},
                   {"source_errors", log_->source_errors()}, {"triage_matches", triage_->matches()},
                   {"log_lines_dropped", log_->dropped()}};
    j["package"] = {{"name", name_}, {"encrypted", encryption_.encrypt}, {"recipient_types", encryption_.types},
                    {"hashes", hashes_.md5 ? (hashes_.sha1 ? "sha256,md5,sha1" : "sha256,md5")
                                           : (hashes_.sha1 ? "sha256,sha1" : "sha256")},
                    {"sha256", "recorded in " + name_ + ".sha256: a package cannot contain its own hash"}};
    j["limits"] = {{"cpu_limit_percent", opt_.cpu_limit_percent},
                   {"io_nice", opt_.io_nice},
                   {"max_file_size", opt_.max_file_size},
                   {"max_package_size", opt_.max_package_size},
                   {"min_free_space", opt_.min_free_space},
                   {"timeout_seconds", opt_.timeout_seconds},
                   {"artifact_timeout_seconds", opt_.artifact_timeout_seconds},
                   {"cpu_throttled_seconds", throttled_seconds()}};
    j["interrupted"] = g_interrupted.load();
    j["stopped_early"] = stop_reason_;
    return j;
  }

  int finish() {
    int64_t end_ns = clock_.now_ns();
    if (g_interrupted) log_->warning("interrupted", {{"signal", g_signal.load()}});
    if (!stop_reason_.empty()) log_->warning("stopped_early", {{"reason", stop_reason_}});
    nlohmann::json record = custody(end_ns);
    db_->add_custody_event(utc_iso(end_ns), "collection_finished", record["counts"].dump());
    std::string custody_text = record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    db_->commit();
    db_->serialize([this](std::span<const uint8_t> bytes) { add_internal("case.db", bytes); });
    add_internal("custody.json", custody_text);
    log_->info("collection_finished", record["counts"]);
    add_internal("collection.log", log_->jsonl());
    ppc::FinishResult fin = writer_->finish();
    ::close(std::exchange(fd_, -1));
    write_sidecars(fin, record);
    summary(fin);
    if (g_interrupted) return kExitInterrupted;
    if (log_->source_errors() > 0 || !stop_reason_.empty()) return kExitPartial;
    return kExitComplete;
  }

  void add_internal(const std::string& name, std::string_view text) {
    add_internal(name, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  void add_internal(const std::string& name, std::span<const uint8_t> bytes) {
    ppc::EntryMeta m;
    m.name = name;
    m.mode = 0644;
    int64_t now = clock_.now_ns();
    m.mtime = ppc::Timestamp{now / 1'000'000'000, static_cast<int32_t>(now % 1'000'000'000)};
    writer_->add_bytes(m, bytes);
  }

  void write_sidecars(const ppc::FinishResult& fin, const nlohmann::json& record) {
    auto text = [](const std::string& s) { return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
    ppc::write_file(path_ + ".sha256", text(ppc::sha256sum_line(fin.package_sha256, name_)));
    ppc::write_file(path_ + ".tsq", ppc::make_timestamp_request(fin.package_sha256));
    nlohmann::json log = {{"case_id", opt_.case_id},
                          {"package", name_},
                          {"package_sha256", ppc::to_hex(fin.package_sha256)},
                          {"package_bytes", fin.package_bytes},
                          {"started_utc", record["started_utc"]},
                          {"ended_utc", record["ended_utc"]},
                          {"collector_version", record["tool"]["version"]},
                          {"collector_commit", record["tool"]["commit"]},
                          {"collector_sha256", record["tool"].value("sha256", "")},
                          {"examiner", opt_.examiner},
                          {"counts", record["counts"]},
                          {"interrupted", record["interrupted"]}};
    std::string base = path_.substr(0, path_.size() - 4);
    ppc::write_file(base + ".log", text(log.dump(2) + "\n"));
  }

  void summary(const ppc::FinishResult& fin) {
    const StoreCounters& c = store_->counters();
    std::string sha = ppc::to_hex(fin.package_sha256);
    if (log_->json_console()) {
      std::fprintf(stderr, "%s\n", nlohmann::json{{"event", "summary"}, {"package", path_}, {"sha256", sha},
                                                  {"files", c.stored}, {"source_errors", log_->source_errors()}}
                                       .dump()
                                       .c_str());
    } else if (!log_->quiet()) {
      std::fprintf(stderr,
                   "collected %zu artifacts, %llu rows, %llu files (%.1f MiB); %llu skipped, %llu source errors, "
                   "%llu triage matches\n",
                   artifacts_done_, static_cast<unsigned long long>(tables_->rows()),
                   static_cast<unsigned long long>(c.stored), static_cast<double>(c.bytes) / 1048576.0,
                   static_cast<unsigned long long>(c.skipped),
                   static_cast<unsigned long long>(log_->source_errors()),
                   static_cast<unsigned long long>(triage_->matches()));
      std::fprintf(stderr, "package %s (%.1f MiB)\nsha256  %s\n", path_.c_str(),
                   static_cast<double>(fin.package_bytes) / 1048576.0, sha.c_str());
    }
    // The package path on stdout: the one line scripts need.
    std::printf("%s\n", path_.c_str());
  }

  RunOptions opt_;
  ppc::Clock& clock_;
  RootFs fs_;
  Catalog catalog_;
  ProfileDef profile_;
  std::vector<const ArtifactDef*> artifacts_;
  ppc::HashSelection hashes_;
  std::optional<TriageRun> triage_;
  Encryption encryption_;
  std::optional<RunLog> log_;
  nlohmann::json asset_;
  std::string name_, path_;
  int fd_ = -1;
  std::optional<GuardedSink> sink_;
  std::optional<ppc::PackageWriter> writer_;
  std::optional<ppc::CaseDb> db_;
  std::optional<TableSet> tables_;
  std::optional<FileStore> store_;
  std::optional<RoomGuard> room_;
  RunControl control_;
  int64_t start_ns_ = 0, start_mono_ = 0;
  std::size_t artifacts_done_ = 0;
  std::string stop_reason_;
};

}  // namespace

int run_collection(RunOptions options) {
  Collection c(std::move(options));
  return c.run();
}

}  // namespace collector
