// --dry-run: what a run would collect, and its size, without writing anything.
#include <sys/stat.h>

#include <cstdio>

#include "collector/artifact.hpp"
#include "collector/definitions.hpp"
#include "collector/run.hpp"
#include "ppc/environment.hpp"
#include "run_plan.hpp"
#include "session.hpp"

namespace collector {

int dry_run(const RunOptions& o) {
  const RunPlan plan = make_run_plan(o);
  const ProfileDef& profile = plan.profile;
  const auto& artifacts = plan.artifacts;
  RootFs fs(o.root);
  int64_t now = ppc::system_clock().now_ns() / 1'000'000'000;
  uint64_t total_files = 0, total_bytes = 0;
  std::printf("profile %s: %zu artifacts\n", profile.name.c_str(), artifacts.size());
  auto estimate = [&](const std::string& name, const std::string& kind, const FileSpec& spec) {
    uint64_t files = 0, bytes = 0;
    for (const auto& p : expand_file_spec(fs, spec, now)) {
      auto st = fs.lstat(p);
      if (st && S_ISREG(st->st_mode)) {
        ++files;
        bytes += static_cast<uint64_t>(st->st_size);
      }
    }
    total_files += files;
    total_bytes += bytes;
    std::printf("  %-32s %-8s %6llu files %10.1f MiB\n", name.c_str(), kind.c_str(),
                static_cast<unsigned long long>(files), static_cast<double>(bytes) / 1048576.0);
  };
  for (const auto* a : artifacts) {
    const char* kind = a->kind == CollectorKind::native ? "native"
                       : a->kind == CollectorKind::file ? "file"
                                                        : "command";
    estimate(a->name, kind, a->files);
  }
  dry_run_uac(plan.uac, plan.options, fs, total_files, total_bytes);
  if (!o.collect.empty()) {
    FileSpec spec;
    spec.paths = o.collect;
    estimate("--collect", "file", spec);
  }
  std::printf(
      "total: %llu files, %.1f MiB before compression (tables not counted); nothing was written\n",
      static_cast<unsigned long long>(total_files), static_cast<double>(total_bytes) / 1048576.0);
  return kExitComplete;
}

}  // namespace collector
