#pragma once
// The pieces a collection run sets up before it collects (internal): the profile and its
// artifacts, the hash selection, the case directory, and the package file's sink.
#include <sys/types.h>

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "collector/definitions.hpp"
#include "collector/options.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"

namespace collector {

class RunLog;

// The profile by built-in name or from a file; "none" collects only --collect.
ProfileDef load_profile(const Catalog& catalog, const std::string& name);
// The profile's artifacts plus those named with --artifact, each once, in catalogue order.
std::vector<const ArtifactDef*> select_artifacts(const Catalog& catalog, const ProfileDef& profile,
                                                 const std::vector<std::string>& extra);
// --hash plus the profile's hashes (SHA-256 always).
ppc::HashSelection hash_selection(const RunOptions& o, const ProfileDef& p);
// (device, inode) of a path, or zeros.
std::pair<dev_t, ino_t> identity_of(const std::string& path);
// mkdir -p with mode 0750; throws ppc::Error(io).
void make_case_dir(const std::string& dir);
// What the operator should know as the run starts, once its options are known good: that a
// configuration file preset options (an info line on the console too), and a warning when not
// running as root (files only root may read will be reported unreadable).
void log_run_conditions(const RunOptions& o, RunLog& log);

// The package file's sink, remembering whether writing failed (then the run cannot go on).
class GuardedSink final : public ppc::ByteSink {
 public:
  GuardedSink(int fd, std::string name) : inner_(fd, std::move(name)) {}
  void write(std::span<const uint8_t> data) override { guard([&] { inner_.write(data); }); }
  void sync() override { guard([&] { inner_.sync(); }); }
  bool failed() const { return failed_.load(); }

 private:
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (...) {
      failed_ = true;
      throw;
    }
  }
  ppc::FdSink inner_;
  std::atomic<bool> failed_{false};  // sync() runs on the writer's background thread
};

}  // namespace collector
