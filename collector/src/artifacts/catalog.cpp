// The built-in catalogue (rules/ embedded at build time) and profile resolution.
#include <fnmatch.h>

#include <set>
#include <span>

#include "collector/definitions.hpp"
#include "ppc/embedded.hpp"
#include "ppc/error.hpp"

namespace rules {
std::span<const ppc::EmbeddedFile> embedded_files();
}

namespace collector {
namespace {

bool is_glob(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Names must be unique across files, and so must tables: they share one case.db.
void check_unique(const Catalog& c) {
  std::set<std::string> names, tables, profiles;
  for (const auto& a : c.artifacts) {
    if (!names.insert(a.name).second)
      ppc::fail(ppc::ErrorClass::usage,
                a.source + ":0: artifact '" + a.name + "' is defined twice");
    for (const auto& t : a.outputs)
      if (!tables.insert(t.name).second)
        ppc::fail(ppc::ErrorClass::usage,
                  a.source + ":0: table '" + t.name + "' is declared by two artifacts");
  }
  for (const auto& p : c.profiles)
    if (!profiles.insert(p.name).second)
      ppc::fail(ppc::ErrorClass::usage, p.source + ":0: profile '" + p.name + "' is defined twice");
}

Catalog build_builtin_catalog() {
  Catalog c;
  for (const auto& f : rules::embedded_files()) {
    if (!ends_with(f.path, ".yaml")) continue;
    std::string source = "builtin:" + std::string(f.path);
    if (f.path.starts_with("artifacts/")) {
      for (auto& a : parse_artifacts(f.data, source)) c.artifacts.push_back(std::move(a));
    } else if (f.path.starts_with("profiles/")) {
      c.profiles.push_back(parse_profile(f.data, source));
    }
  }
  check_unique(c);
  return c;
}

}  // namespace

const ArtifactDef* Catalog::find_artifact(std::string_view name) const {
  for (const auto& a : artifacts)
    if (a.name == name) return &a;
  return nullptr;
}

const ProfileDef* Catalog::find_profile(std::string_view name) const {
  for (const auto& p : profiles)
    if (p.name == name) return &p;
  return nullptr;
}

Catalog load_builtin_catalog() {
  static const Catalog catalog = build_builtin_catalog();  // parsed once, copies are cheap
  return catalog;
}

std::vector<const ArtifactDef*> resolve_profile(const Catalog& catalog, const ProfileDef& profile) {
  std::vector<std::string> include, exclude;
  for (std::size_t i = 0; i < profile.artifacts.size(); ++i) {
    std::string_view pattern = profile.artifacts[i];
    const bool negated = pattern.starts_with('!');
    if (negated) pattern.remove_prefix(1);
    if (!is_glob(pattern) && !catalog.find_artifact(pattern)) {
      std::string where = profile.source;
      if (i < profile.artifact_lines.size())
        where += ":" + std::to_string(profile.artifact_lines[i]);
      ppc::fail(ppc::ErrorClass::usage, where + ": profile '" + profile.name +
                                            "': unknown artifact '" + std::string(pattern) + "'");
    }
    (negated ? exclude : include).emplace_back(pattern);
  }
  auto matches = [](const std::vector<std::string>& patterns, const std::string& name) {
    for (const auto& p : patterns)
      if (::fnmatch(p.c_str(), name.c_str(), 0) == 0) return true;
    return false;
  };
  std::vector<const ArtifactDef*> out;
  for (const auto& a : catalog.artifacts)
    if (matches(include, a.name) && !matches(exclude, a.name)) out.push_back(&a);
  return out;
}

}  // namespace collector
