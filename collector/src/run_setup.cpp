#include "run_setup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ppc/error.hpp"
#include "run_log.hpp"

namespace collector {

// The profile by built-in name or from a file; "none" collects only --collect.
ProfileDef load_profile(const Catalog& catalog, const std::string& name) {
  if (const ProfileDef* p = catalog.find_profile(name)) return *p;
  struct stat st{};
  if (name.find('/') != std::string::npos || ::stat(name.c_str(), &st) == 0) {
    std::vector<uint8_t> bytes;
    try {
      bytes = ppc::read_file(name);
    } catch (const ppc::Error& e) {
      throw ppc::Error(ppc::ErrorClass::usage, std::string("profile: ") + e.what());
    }
    return parse_profile(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), name);
  }
  std::string known;
  for (const auto& p : catalog.profiles) known += (known.empty() ? "" : ", ") + p.name;
  throw ppc::Error(ppc::ErrorClass::usage, "unknown profile '" + name + "' (built in: " + known + ")");
}

// The profile's artifacts plus those named with --artifact, each once, in catalogue order.
std::vector<const ArtifactDef*> select_artifacts(const Catalog& catalog, const ProfileDef& profile,
                                                 const std::vector<std::string>& extra) {
  auto selected = resolve_profile(catalog, profile);
  if (extra.empty()) return selected;
  ProfileDef more;
  more.name = "--artifact";
  more.artifacts = extra;
  for (const ArtifactDef* a : resolve_profile(catalog, more))
    if (std::find(selected.begin(), selected.end(), a) == selected.end()) selected.push_back(a);
  return selected;
}

ppc::HashSelection hash_selection(const RunOptions& o, const ProfileDef& p) {
  ppc::HashSelection sel = ppc::parse_hash_selection(o.hashes);
  for (const auto& h : p.hashes) {
    auto extra = ppc::parse_hash_selection(h);
    sel.md5 |= extra.md5;
    sel.sha1 |= extra.sha1;
  }
  return sel;
}

std::pair<dev_t, ino_t> identity_of(const std::string& path) {
  struct stat st{};
  ::stat(path.c_str(), &st);
  return {st.st_dev, st.st_ino};
}

void make_case_dir(const std::string& dir) {
  std::string partial;
  for (std::size_t pos = 0; pos != std::string::npos;) {
    pos = dir.find('/', pos + 1);
    partial = dir.substr(0, pos);
    if (partial.empty()) continue;
    if (::mkdir(partial.c_str(), 0750) != 0 && errno != EEXIST)
      throw ppc::Error(ppc::ErrorClass::io, "cannot create case directory " + partial + ": " + std::strerror(errno));
  }
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
