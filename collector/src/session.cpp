#include "session.hpp"

#include <fcntl.h>
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
#include "findings_run.hpp"
#include "imaging.hpp"
#include "limits.hpp"
#include "package_file.hpp"
#include "ppc/custody.hpp"
#include "ppc/environment.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "ppc/sidecar.hpp"
#include "ppc/writer.hpp"
#include "progress.hpp"
#include "recipients.hpp"
#include "run_log.hpp"
#include "run_plan.hpp"
#include "run_signals.hpp"
#include "tables.hpp"
#include "triage_run.hpp"
#include "utc.hpp"

namespace collector {
namespace {

// Everything a run holds; members are destroyed in reverse order (writer before the file).
class Collection {
 public:
  explicit Collection(RunOptions o)
      : plan_(make_run_plan(std::move(o))),
        opt_(plan_.options),
        clock_(ppc::system_clock()),
        fs_(opt_.root) {}

  int run() {
    prepare();
    open_package();
    try {
      collect_all();
      return finish();
    } catch (const ppc::Error& e) {
      if (!sink_failed()) throw;
      throw ppc::Error(ppc::ErrorClass::io,
                       std::string(e.what()) + "; the partial package " + package_->path() +
                           " is salvageable up to its last checkpoint (biunzip salvage)");
    }
  }

 private:
  void prepare() {
    // Every key, nonce and salt needs OpenSSL seeded: without a source, stop before the package
    // exists (an old kernel without getrandom falls back to /dev/urandom here).
    const ppc::EntropySource& entropy = ppc::ensure_entropy();
    // Signals only set flags from here on: an interrupt during set-up still ends in a finished
    // (nearly empty) package and exit 130.
    install_signal_handlers();
    start_ns_ = clock_.now_ns();
    start_mono_ = clock_.monotonic_ns();
    // Before any thread starts (zstd workers, scan threads): they inherit the I/O priority.
    if (!opt_.io_nice.empty()) set_io_nice(parse_io_nice(opt_.io_nice));
    set_cpu_limit(opt_.cpu_limit_percent);
    triage_.emplace(opt_, plan_.profile, fs_);  // compiles rules now: a bad rule stops the run here
    // Every image source is opened (and refused if it holds the case directory) before the
    // package exists or a passphrase is asked for.
    images_ = plan_images(opt_.images, opt_.case_dir);
    findings_.emplace(opt_, plan_.profile, triage_->enabled());  // Sigma and SQL rules: likewise
    encryption_ = resolve_encryption(opt_);
    log_.emplace(opt_.quiet, opt_.log_format == "json", clock_);
    log_run_conditions(opt_, *log_);
    if (!entropy.note.empty())
      log_->warning("kernel_feature_missing", {{"feature", "getrandom"}, {"note", entropy.note}});
  }

  void open_package() {
    asset_ = asset_identity(fs_);
    std::string stem = file_name_part(opt_.case_id) + "_" +
                       file_name_part(asset_["hostname"].get<std::string>()) + "_" +
                       utc_compact(start_ns_);
    ppc::WriterOptions w;
    w.recipients = encryption_.recipients;
    w.encrypt = encryption_.encrypt;
    w.hashes = plan_.hashes;
    // encryption_ outlives the writer (members are destroyed in reverse order).
    if (encryption_.signing_key) w.signing_key = &*encryption_.signing_key;
    package_.emplace(opt_.case_dir, stem, std::move(w), opt_.split_size);
    db_.emplace();
    db_->begin();  // one transaction for the whole run: the database is in memory anyway
    tables_.emplace(*db_, package_->writer());
    FileStoreOptions fso;
    fso.max_file_size = opt_.max_file_size;
    fso.hashes = plan_.hashes;
    fso.excluded.insert(identity_of(package_->path()));
    fso.excluded.insert(identity_of("/proc/self/exe"));
    char real[PATH_MAX];
    if (::realpath(opt_.case_dir.c_str(), real)) {
      case_dir_real_ = real;
      fso.excluded_dir = real;
      triage_->exclude_case_dir(real);
    }
    fso.observer = findings_->wrap_observer(triage_->collected_file_observer());
    fso.may_store = [this](uint64_t upcoming) -> std::string {
      throttle();
      if (!stop_reason_.empty() || out_of_room(upcoming)) return stop_reason_;
      return {};
    };
    store_.emplace(fs_, package_->writer(), *db_, *log_, std::move(fso));
    room_.emplace(opt_.max_package_size, opt_.min_free_space, opt_.case_dir);
    control_.interrupted = &g_stop;
    control_.clock = &clock_;
    if (opt_.timeout_seconds > 0)
      control_.deadline_ns = start_mono_ + int64_t{opt_.timeout_seconds} * 1'000'000'000;
    db_->add_custody_event(utc_iso(start_ns_), "collection_started",
                           nlohmann::json{{"case_id", opt_.case_id},
                                          {"examiner", opt_.examiner},
                                          {"organization", opt_.organization},
                                          {"note", opt_.note}}
                               .dump());
    if (package_->volume_bytes() > 0) {
      bool automatic = package_->volume_bytes() != opt_.split_size;
      log_->info(
          "package_split",
          {{"volume_bytes", package_->volume_bytes()},
           {"file_system", package_->fs_type()},
           {"reason", automatic ? "the case directory is on FAT, whose files stop at 4 GiB - 1"
                                : "--split-size"}});
    }
    log_->info("collection_started", {{"package", package_->path()},
                                      {"profile", plan_.profile.name},
                                      {"artifacts", plan_.artifacts.size()}});
  }

  // Stops between items (artifacts and files) when the case drive or the package reaches its
  // limit, or would with the `upcoming` bytes of the next file; artifacts see the stop through
  // control_ and end early.
  bool out_of_room(uint64_t upcoming = 0) {
    stop_reason_ = room_->check(package_->writer(), upcoming);
    if (stop_reason_.empty()) return false;
    g_stop.store(true);
    return true;
  }

  void collect_all() {
    Progress progress(log_->quiet() || log_->json_console());
    // Steps: the artifacts, --collect, triage; each shown as [step/steps] on the progress line.
    const std::size_t steps = plan_.artifacts.size() + (plan_.uac.artifacts.empty() ? 0 : 1) +
                              (opt_.collect.empty() ? 0 : 1) + (triage_->enabled() ? 1 : 0);
    std::size_t index = 0;
    auto show = [&](const std::string& name) {
      progress.artifact(++index, steps, name, store_->counters().stored,
                        package_->writer().package_bytes());
    };
    for (const ArtifactDef* def : plan_.artifacts) {
      throttle();
      if (stopping() || out_of_room()) break;
      show(def->name);
      if (def->live_only && !fs_.is_live()) {
        log_->info("artifact_skipped",
                   {{"artifact", def->name}, {"reason", "needs the live system (--root given)"}});
        continue;
      }
      run_one(*def);
    }
    if (!plan_.uac.artifacts.empty() && !stopping()) {
      show("uac");
      run_uac();
    }
    if (!opt_.collect.empty() && !stopping()) {
      ArtifactDef adhoc;
      adhoc.name = "adhoc";
      adhoc.description = "files named with --collect";
      adhoc.kind = CollectorKind::file;
      adhoc.files.paths = opt_.collect;
      show("--collect");
      if (run_one(adhoc)) store_->collect_non_regular(opt_.collect, adhoc.name);
    }
    if (!stopping()) {
      if (triage_->enabled()) show("triage");
      triage_->scan(package_->writer(), *db_, *store_, *log_, control_);
      findings_->finish(package_->writer(), *db_, *log_);
    }
    progress.done();
    store_all_images();
  }

  // Images come last: the volatile evidence is taken first, and an image stopped by a limit
  // still leaves a finished package whose `images` row says how far it got.
  void store_all_images() {
    if (images_.empty() || stopping() || out_of_room()) return;
    ImagingHooks hooks;
    hooks.stop = [this] {
      throttle();
      return stopping() || out_of_room();
    };
    hooks.stop_reason = [this] {
      return g_interrupted ? std::string("interrupted") : stop_reason_;
    };
    hooks.progress = !log_->quiet() && !log_->json_console() && ::isatty(2);
    images_json_ = store_images(images_, package_->writer(), *db_, *log_, clock_, hooks);
  }

  // UAC artifacts (--uac): their outputs are spooled in a directory inside the case directory
  // (a tar entry needs its size first), stored, and removed.
  void run_uac() {
    int64_t t0 = clock_.monotonic_ns();
    // Absolute: UAC's files name their outputs as "/%artifacts_output_directory%/...".
    std::string work = (case_dir_real_.empty() ? opt_.case_dir : case_dir_real_) + "/" +
                       package_->name() + ".uac-work";
    try {
      run_uac_plan(plan_.uac, opt_, fs_, *store_, package_->writer(), *db_, *log_, control_,
                   asset_["hostname"].get<std::string>(), work, case_dir_real_);
      artifacts_done_ += plan_.uac.artifacts.size();
    } catch (const ppc::Error& e) {
      if (sink_failed()) throw;
      log_->source_error("uac", "", e.what());
    } catch (const std::exception& e) {
      if (sink_failed()) throw;
      log_->source_error("uac", "", std::string("UAC artifacts failed: ") + e.what());
    }
    log_->info("artifact_done",
               {{"artifact", "uac"}, {"ms", (clock_.monotonic_ns() - t0) / 1'000'000}});
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
    log_->info("artifact_done",
               {{"artifact", def.name}, {"ms", (clock_.monotonic_ns() - t0) / 1'000'000}});
    return finished;
  }

  bool sink_failed() const { return package_ && package_->failed(); }

  ppc::CustodyRecord custody(int64_t end_ns) const {
    const StoreCounters& c = store_->counters();
    ppc::CustodyRecord r;
    r.case_info = {opt_.case_id, opt_.examiner, opt_.organization, opt_.note};
    r.asset_json = asset_.dump();
    r.tool_json = tool_identity().dump();
    r.operator_json = operator_identity().dump();
    r.clock_json = clock_state().dump();
    nlohmann::json rules = triage_->custody();
    rules.update(findings_->custody());
    r.rules_json = rules.dump();
    r.profile_name = plan_.profile.name;
    r.profile_source = plan_.profile.source;
    for (const auto* a : plan_.artifacts) r.profile_artifacts.push_back(a->name);
    for (const auto* a : plan_.uac.artifacts) r.profile_artifacts.push_back("uac:" + a->name);
    r.command_line = opt_.command_line;
    r.config_file = opt_.config_file;
    r.started_utc = utc_iso(start_ns_);
    r.ended_utc = utc_iso(end_ns);
    r.duration_seconds = static_cast<double>(clock_.monotonic_ns() - start_mono_) / 1e9;
    r.counts = {
        artifacts_done_, tables_->rows(),       c.stored,           c.skipped,      c.failed,
        c.bytes,         log_->source_errors(), triage_->matches(), log_->dropped()};
    const ppc::HashSelection& h = plan_.hashes;
    r.package = {package_->name(),
                 encryption_.encrypt,
                 encryption_.types,
                 std::string("sha256") + (h.md5 ? ",md5" : "") + (h.sha1 ? ",sha1" : ""),
                 encryption_.custody,
                 encryption_.signing_key ? ppc::key_id(encryption_.signing_key->public_key) : ""};
    r.limits = {opt_.cpu_limit_percent,        opt_.io_nice,        opt_.max_file_size,
                opt_.max_package_size,         opt_.min_free_space, opt_.timeout_seconds,
                opt_.artifact_timeout_seconds, throttled_seconds()};
    r.interrupted = g_interrupted.load();
    r.stopped_early = stop_reason_;
    if (!images_json_.empty()) r.images_json = images_json_.dump();
    return r;
  }

  int finish() {
    int64_t end_ns = clock_.now_ns();
    if (g_interrupted) log_->warning("interrupted", {{"signal", g_signal.load()}});
    if (!stop_reason_.empty()) log_->warning("stopped_early", {{"reason", stop_reason_}});
    ppc::CustodyRecord record = custody(end_ns);
    std::string counts = ppc::custody_counts_json(record.counts);
    db_->add_custody_event(utc_iso(end_ns), "collection_finished", counts);
    db_->commit();
    db_->serialize([this](std::span<const uint8_t> bytes) { add_internal("case.db", bytes); });
    add_internal("custody.json", ppc::custody_to_json(record));
    log_->info("collection_finished", nlohmann::json::parse(counts));
    add_internal("collection.log", log_->jsonl());
    ppc::FinishResult fin = package_->finish();
    int code = exit_code();
    ppc::write_sidecars(package_->path(), fin, record, code, package_->volumes());
    print_summary(*log_, record, fin, package_->path(), package_->volumes().size());
    return code;
  }

  int exit_code() const {
    if (g_interrupted) return kExitInterrupted;
    if (log_->source_errors() > 0 || !stop_reason_.empty()) return kExitPartial;
    return kExitComplete;
  }

  void add_internal(const std::string& name, std::string_view text) {
    add_internal(name, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  void add_internal(const std::string& name, std::span<const uint8_t> bytes) {
    package_->writer().add_bytes(produced_entry(name), bytes);
  }

  RunPlan plan_;
  RunOptions& opt_;  // plan_.options
  ppc::Clock& clock_;
  RootFs fs_;
  std::optional<TriageRun> triage_;
  std::optional<FindingsRun> findings_;
  Encryption encryption_;
  std::optional<RunLog> log_;
  nlohmann::json asset_;
  std::optional<PackageFile> package_;
  std::optional<ppc::CaseDb> db_;
  std::optional<TableSet> tables_;
  std::optional<FileStore> store_;
  std::optional<RoomGuard> room_;
  RunControl control_;
  int64_t start_ns_ = 0, start_mono_ = 0;
  std::size_t artifacts_done_ = 0;
  std::string stop_reason_;
  std::string case_dir_real_;
  std::vector<PlannedImage> images_;
  nlohmann::json images_json_;
};

}  // namespace

int run_collection(RunOptions options) {
  try {
    Collection c(std::move(options));
    return c.run();
  } catch (const PromptInterrupted& e) {  // before the package exists: nothing to finalize
    std::fprintf(stderr, "collector: %s\n", e.what());
    return kExitInterrupted;
  }
}

}  // namespace collector
