#include "artifact_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "limits.hpp"
#include "ppc/error.hpp"
#include "utc.hpp"

namespace collector {
namespace {

class Context final : public ArtifactContext {
 public:
  Context(const ArtifactDef& def, const RootFs& fs, TableSet& tables, FileStore& store, RunLog& log,
          const RunControl& control)
      : def_(def), fs_(fs), tables_(tables), store_(store), log_(log), control_(control) {}

  const ArtifactDef& def() const override { return def_; }
  const RootFs& fs() const override { return fs_; }
  TableSink& table(std::string_view name) override {
    for (const auto& t : def_.outputs)
      if (t.name == name) return tables_.open(def_.name, t);
    throw std::logic_error("artifact " + def_.name + " writes undeclared table " +
                           std::string(name));
  }
  void collect_file(std::string_view asset_path) override {
    store_.collect(std::string(asset_path), def_.name);
  }
  std::optional<StoredCopy> collect_proc_link(const std::string& proc_link,
                                              const std::string& entry_name, uint64_t max_bytes,
                                              std::string& error) override {
    return store_.store_proc_link(proc_link, entry_name, def_.name, max_bytes, error);
  }
  void source_error(std::string_view asset_path, std::string_view message) override {
    log_.source_error(def_.name, asset_path, message);
  }
  void note(std::string_view message) override {
    log_.info("note", {{"artifact", def_.name}, {"message", json_text(message)}});
  }
  bool should_stop() const override {
    throttle();  // natives poll this in their loops: where --cpu-limit can pause them
    return control_.stop_requested();
  }

 private:
  const ArtifactDef& def_;
  const RootFs& fs_;
  TableSet& tables_;
  FileStore& store_;
  RunLog& log_;
  const RunControl& control_;
};

// Runs argv with stdout captured (bounded), stdin from /dev/null, killed at the deadline.
std::string run_command(const std::vector<std::string>& argv, const RunControl& control,
                        int& status) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw ppc::Error(ppc::ErrorClass::io, "pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  ::close(out[1]);
  std::string output;
  constexpr std::size_t kMaxOutput = 64u << 20;
  char buf[65536];
  for (;;) {
    if (control.stop_requested()) {
      kill(pid, SIGKILL);
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output.size() < kMaxOutput) output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  waitpid(pid, &status, 0);
  return output;
}

}  // namespace

bool RunControl::stop_requested() const {
  if (interrupted && interrupted->load()) return true;
  return deadline_ns != 0 && clock && clock->monotonic_ns() > deadline_ns;
}

void run_artifact(const ArtifactDef& def, const RootFs& fs, TableSet& tables, FileStore& store,
                  RunLog& log, const RunControl& control) {
  Context ctx(def, fs, tables, store, log, control);
  for (const auto& t : def.outputs) tables.open(def.name, t);  // every declared table exists
  switch (def.kind) {
    case CollectorKind::native: {
      NativeCollector fn = find_native_collector(def.native);
      if (!fn)
        throw std::logic_error("artifact " + def.name + " names unknown native collector " +
                               def.native);
      fn(ctx);
      break;
    }
    case CollectorKind::file:
      break;
    case CollectorKind::command: {
      if (!fs.is_live()) {
        log.info("artifact_skipped",
                 {{"artifact", def.name}, {"reason", "commands run only on a live system"}});
        return;
      }
      int status = 0;
      std::string output = run_command(def.command, control, status);
      store.collect_text(produced_entry("live/" + def.name + "/output.txt"), output);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        log.source_error(def.name, def.command.empty() ? "" : def.command[0],
                         "command failed or was stopped");
      break;
    }
  }
  // Files the definition names are stored for every kind (natives may add their own).
  int64_t now = control.clock ? control.clock->now_ns() / 1'000'000'000 : 0;
  std::vector<std::string> paths;
  for (auto& path : expand_file_spec(fs, def.files, now)) {
    if (control.stop_requested()) break;
    if (def.files.max_size != 0) {  // one stat more per file, only when a size filter asks for it
      auto st = fs.lstat(path);
      if (st && static_cast<uint64_t>(st->st_size) > def.files.max_size) {
        store.record_skipped(path, def.name, "skipped:larger-than-max_size", &*st);
        continue;
      }
    }
    paths.push_back(std::move(path));
  }
  store.collect_listed(paths, def.name, [&] { return control.stop_requested(); });
  tables.flush(def.name);
}

}  // namespace collector
