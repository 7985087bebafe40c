// recovered_binaries (live only): the bytes of code and files that exist only in a running
// process - an executable deleted after it started, one run from a memfd (fileless malware), one
// whose path now names another file, and deleted files or memfds a process still holds open.
// Read through the /proc magic links (which reach them when no path does) into the package as
// recovered/<pid>/exe and recovered/<pid>/fd/<n>; each distinct file is stored once.
#include <sys/stat.h>
#include <unistd.h>

#include <map>

#include "asset/open_at.hpp"
#include "natives.hpp"

namespace collector::natives {
namespace {

constexpr std::string_view kDeleted = " (deleted)";

// Why a /proc link's target is worth recovering; empty when it is not.
std::string reason_of(const RootFs& fs, const std::string& link, const std::string& target,
                      bool is_exe) {
  if (target.starts_with("/memfd:")) return "memfd";
  if (!target.starts_with("/")) return {};  // socket:[..], pipe:[..], anon_inode:..
  if (target.ends_with(kDeleted)) return "deleted";
  if (!is_exe) return {};
  // The path now names another file than the one running: replaced since the process started.
  UniqueFd running = asset::open_proc_link(link);
  struct stat run_st {};
  auto disk = fs.stat(target);
  if (!running || ::fstat(running.get(), &run_st) != 0 || !disk) return {};
  return disk->st_dev != run_st.st_dev || disk->st_ino != run_st.st_ino ? "replaced" : "";
}

class Recoverer {
 public:
  explicit Recoverer(ArtifactContext& ctx)
      : ctx_(ctx),
        max_bytes_(static_cast<uint64_t>(ctx.def().option_int("max_bytes", 64 << 20))),
        max_files_(ctx.def().option_int("max_files", 256)) {}

  void consider(int64_t pid, std::optional<int64_t> fd, const std::string& link, bool is_exe) {
    auto target = ctx_.fs().read_link(link);
    if (!target) return;  // gone meanwhile
    std::string reason = reason_of(ctx_.fs(), link, *target, is_exe);
    if (reason.empty()) return;
    UniqueFd file = asset::open_proc_link(link);
    struct stat st {};
    if (!file || ::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    file.reset();
    std::string original = *target;
    if (original.ends_with(kDeleted)) original.resize(original.size() - kDeleted.size());
    Row row{{"pid", integer(pid)},
            {"fd", int_or_null(fd)},
            {"original_path", original},
            {"reason", reason}};
    auto key = std::pair{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
    auto known = stored_.find(key);
    if (known == stored_.end() && stored_count_ < max_files_) {
      std::string entry = "recovered/" + std::to_string(pid) +
                          (is_exe ? std::string("/exe") : "/fd/" + std::to_string(*fd));
      std::string error;
      if (auto copy = ctx_.collect_proc_link(link, entry, max_bytes_, error)) {
        ++stored_count_;
        known = stored_.emplace(key, *copy).first;
      } else {
        ctx_.source_error(link, "cannot recover: " + error);
      }
    }
    if (known != stored_.end()) {
      row.emplace_back("entry", known->second.entry);
      row.emplace_back("sha256", known->second.sha256);
      row.emplace_back("size", integer(known->second.size));
      row.emplace_back("truncated", integer(known->second.truncated ? 1 : 0));
    }
    ctx_.table("recovered_binaries").add(row);
  }

 private:
  ArtifactContext& ctx_;
  uint64_t max_bytes_;
  int64_t max_files_;
  int64_t stored_count_ = 0;
  std::map<std::pair<uint64_t, uint64_t>, StoredCopy> stored_;
};

}  // namespace

void recovered_binaries(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  if (!fs.is_live()) return;
  Recoverer recoverer(ctx);
  const int64_t self = ::getpid();  // the collector's own files are not evidence
  for (const auto& name : fs.list_dir("/proc")) {
    if (ctx.should_stop()) return;
    auto pid = parsers::to_int(name);
    if (!pid || *pid == self || name.find_first_not_of("0123456789") != name.npos) continue;
    const std::string dir = "/proc/" + name;
    recoverer.consider(*pid, std::nullopt, dir + "/exe", true);
    for (const auto& fd : fs.list_dir(dir + "/fd"))
      if (auto n = parsers::to_int(fd)) recoverer.consider(*pid, n, dir + "/fd/" + fd, false);
  }
}

}  // namespace collector::natives
