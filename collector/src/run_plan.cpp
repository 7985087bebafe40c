#include "run_plan.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace collector {

// The profile by built-in name or from a file; "none" collects only --collect.
ProfileDef load_profile(const Catalog& catalog, const std::string& name) {
  if (const ProfileDef* p = catalog.find_profile(name)) return *p;
  struct stat st {};
  if (name.find('/') != std::string::npos || ::stat(name.c_str(), &st) == 0) {
    std::vector<uint8_t> bytes;
    try {
      bytes = ppc::read_file(name);
    } catch (const ppc::Error& e) {
      throw ppc::Error(ppc::ErrorClass::usage, std::string("profile: ") + e.what());
    }
    return parse_profile(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), name);
  }
  std::string known;
  for (const auto& p : catalog.profiles) known += (known.empty() ? "" : ", ") + p.name;
  throw ppc::Error(ppc::ErrorClass::usage,
                   "unknown profile '" + name + "' (built in: " + known + ")");
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
  // The writer hashes every entry as it stores it: an image's digests are the entry's, so the
  // package's selection includes the images' (one read, one pass).
  if (!o.images.empty()) {
    auto image = ppc::parse_hash_selection(o.image_hashes);
    sel.md5 |= image.md5;
    sel.sha1 |= image.sha1;
  }
  return sel;
}

RunPlan make_run_plan(RunOptions options) {
  RunPlan plan;
  plan.uac = make_uac_plan(options);  // takes the uac: items out of the options
  plan.catalog = load_builtin_catalog();
  plan.profile = load_profile(plan.catalog, options.profile);
  if (!plan.uac.profile.empty()) {
    plan.profile.name = "uac:" + plan.uac.profile;
    plan.profile.source = plan.uac.profile_source;
  }
  plan.artifacts = select_artifacts(plan.catalog, plan.profile, options.artifacts);
  // Most volatile first; within a class, catalogue order.
  std::stable_sort(
      plan.artifacts.begin(), plan.artifacts.end(),
      [](const ArtifactDef* a, const ArtifactDef* b) { return a->volatility < b->volatility; });
  plan.hashes = hash_selection(options, plan.profile);
  if (options.max_file_size == 0) options.max_file_size = plan.profile.max_file_size;
  plan.options = std::move(options);
  return plan;
}

}  // namespace collector
