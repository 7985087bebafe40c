// Helpers shared by the native collectors.
#include <cerrno>
#include <cstring>
#include <set>

#include "natives.hpp"

namespace collector::natives {

std::string errno_text(int err) {
  return std::strerror(err);
}

std::optional<std::string> read_source(ArtifactContext& ctx, std::string_view path,
                                       std::size_t max_bytes) {
  int err = 0;
  auto data = ctx.fs().read_file(path, max_bytes, &err);
  if (!data && err != ENOENT && err != ENOTDIR) ctx.source_error(path, errno_text(err));
  return data;
}

std::optional<std::string> read_and_collect(ArtifactContext& ctx, std::string_view path,
                                            std::size_t max_bytes) {
  auto data = read_source(ctx, path, max_bytes);
  if (data) ctx.collect_file(path);
  return data;
}

std::vector<std::string> glob_files(const RootFs& fs, std::string_view pattern, int max_depth) {
  std::vector<std::string> out;
  for (auto& p : fs.glob(pattern, max_depth)) {
    auto st = fs.lstat(p);
    if (st && S_ISREG(st->st_mode)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<UserHome> user_homes(ArtifactContext& ctx) {
  std::vector<UserHome> out;
  std::set<std::string> seen;
  auto text = ctx.fs().read_file("/etc/passwd", kMaxConfigBytes);
  if (text) {
    for (const auto& e : parsers::parse_passwd(*text)) {
      // "/" and "/nonexistent" homes of system accounts hold nothing of interest.
      if (e.home.empty() || e.home[0] != '/' || e.home == "/") continue;
      if (seen.insert(e.home).second) out.push_back({e.name, e.home});
    }
  }
  if (seen.insert("/root").second) out.push_back({"root", "/root"});
  return out;
}

ppc::Value int_or_null(const std::optional<int64_t>& v) {
  return v ? ppc::Value(*v) : ppc::Value(std::monostate{});
}

ppc::Value text_or_null(std::string_view s) {
  return s.empty() ? ppc::Value(std::monostate{}) : ppc::Value(std::string(s));
}

std::string base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace collector::natives
