// A UAC tree on the examiner's drive (not the asset): its artifacts, profiles and uac.conf, and
// the selection of artifacts by profile or pattern (lib/validate_artifact_list.sh's rules).
#include <algorithm>
#include <filesystem>
#include <set>

#include "asset/path_glob.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"
#include "uac/uac.hpp"

namespace collector::uac {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::vector<uint8_t> bytes = ppc::read_file(p.string());
  return std::string(bytes.begin(), bytes.end());
}

std::vector<fs::path> yaml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".yaml") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

// "./artifacts/x/*" and "artifacts/x/*" mean "x/*"; ".." never leaves the tree (as UAC).
std::string relative_pattern(std::string p, const std::string& dir) {
  std::string abs = (fs::path(dir) / "artifacts").string() + "/";
  if (p.rfind(abs, 0) == 0) p = p.substr(abs.size());
  for (std::size_t at; (at = p.find("../")) != std::string::npos;) p.erase(at, 3);
  if (p.rfind("./", 0) == 0) p = p.substr(2);
  if (p.rfind("artifacts/", 0) == 0) p = p.substr(10);
  return p;
}

// Names below artifacts/ that `find artifacts/PATTERN -print` lists: those the glob matches,
// and everything below a directory it matches.
std::vector<std::string> expand(const std::vector<std::string>& names, const std::string& pattern) {
  auto pat = asset::split_path(pattern);
  std::vector<std::string> out;
  if (pat.empty()) return out;
  for (const auto& name : names) {
    auto comps = asset::split_path(name);
    for (std::size_t k = 1; k <= comps.size(); ++k)
      if (asset::glob_match(pat, std::span(comps).first(k))) {
        out.push_back(name);
        break;
      }
  }
  return out;
}

}  // namespace

const Artifact* Tree::find(std::string_view name) const {
  for (const auto& a : artifacts)
    if (a.name == name) return &a;
  return nullptr;
}

Tree load_tree(const std::string& dir) {
  Tree t;
  t.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(fs::path(dir) / "artifacts", ec))
    ppc::fail(ppc::ErrorClass::usage,
              "--uac " + dir + ": not a UAC tree (no artifacts/ directory)");
  fs::path conf = fs::path(dir) / "config" / "uac.conf";
  if (fs::exists(conf, ec)) t.config = parse_config(read_text(conf), conf.string());
  fs::path base = fs::path(dir) / "artifacts";
  for (const auto& file : yaml_files(base)) {
    std::string name = fs::relative(file, base, ec).string();
    try {
      t.artifacts.push_back(parse_artifact(read_text(file), file.string(), name));
    } catch (const ppc::Error& e) {
      t.invalid[name] = e.what();
    }
  }
  for (const auto& file : yaml_files(fs::path(dir) / "profiles"))
    t.profiles.push_back(parse_profile(read_text(file), file.string()));
  return t;
}

Profile find_profile(const Tree& tree, const std::string& name_or_file) {
  for (const auto& p : tree.profiles)
    if (p.name == name_or_file || fs::path(p.source).stem() == name_or_file) return p;
  std::error_code ec;
  if (fs::is_regular_file(name_or_file, ec))
    return parse_profile(read_text(name_or_file), name_or_file);
  std::string known;
  for (const auto& p : tree.profiles) known += (known.empty() ? "" : ", ") + p.name;
  ppc::fail(ppc::ErrorClass::usage,
            "unknown UAC profile '" + name_or_file + "' (in " + tree.dir + ": " + known + ")");
}

Selection select_artifacts(const Tree& tree, const std::vector<std::string>& patterns,
                           bool enable_modifiers, bool skip_invalid) {
  std::vector<std::string> names;
  for (const auto& a : tree.artifacts) names.push_back(a.name);
  for (const auto& [name, message] : tree.invalid) names.push_back(name);
  std::sort(names.begin(), names.end());
  std::vector<std::string> chosen;
  for (const auto& raw : patterns) {
    bool exclude = !raw.empty() && raw[0] == '!';
    std::string pattern = relative_pattern(exclude ? raw.substr(1) : raw, tree.dir);
    auto found = expand(names, pattern);
    if (found.empty())
      ppc::fail(ppc::ErrorClass::usage, "UAC artifact '" + pattern + "' does not exist in " +
                                            tree.dir +
                                            "/artifacts (collector --uac DIR artifacts)");
    if (exclude) {
      std::set<std::string> gone(found.begin(), found.end());
      std::erase_if(chosen, [&](const std::string& n) { return gone.count(n) > 0; });
    } else {
      for (auto& n : found)
        if (std::find(chosen.begin(), chosen.end(), n) == chosen.end()) chosen.push_back(n);
    }
  }
  Selection s;
  for (const auto& name : chosen) {
    if (auto bad = tree.invalid.find(name); bad != tree.invalid.end()) {
      if (!skip_invalid) ppc::fail(ppc::ErrorClass::usage, bad->second);
      s.warnings.push_back(bad->second + " (skipped: --uac-skip-invalid)");
      continue;
    }
    const Artifact* a = tree.find(name);
    if (!a->runs_on_linux()) continue;
    if (a->modifier && !enable_modifiers) continue;
    s.artifacts.push_back(a);
  }
  return s;
}

}  // namespace collector::uac
