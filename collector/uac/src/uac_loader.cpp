// UAC artifact, profile and uac.conf files: parsed with yaml-cpp after normalize_uac_text, and
// checked as UAC 3.3.0's lib/validate_artifact.sh checks them, each failure one "file:line:" line.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "ppc/error.hpp"
#include "uac/uac.hpp"

namespace collector::uac {
namespace {

class Doc {
 public:
  explicit Doc(std::string_view source) : source_(source) {}

  YAML::Node load(std::string_view text) const {
    std::string yaml = normalize_uac_text(text, source_);
    try {
      return YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      fail(e.mark.is_null() ? 0 : e.mark.line + 1, "malformed: " + e.msg);
    }
  }
  [[noreturn]] void fail(int line, const std::string& message) const {
    ppc::fail(ppc::ErrorClass::usage, source_ + ":" + std::to_string(line) + ": " + message);
  }
  static int line_of(const YAML::Node& n) {
    return n.IsDefined() && !n.Mark().is_null() ? n.Mark().line + 1 : 0;
  }
  std::string scalar(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar()) fail(line_of(n), "'" + key + "' must be a single value");
    std::string v = n.Scalar();
    if (v.empty()) fail(line_of(n), "'" + key + "' must not be empty");
    return v;
  }
  std::vector<std::string> list(const YAML::Node& n, const std::string& key) const {
    if (!n.IsSequence()) fail(line_of(n), "'" + key + "' must be a list ([a, b])");
    std::vector<std::string> out;
    for (const auto& item : n) out.push_back(scalar(item, key));
    if (out.empty()) fail(line_of(n), "'" + key + "' must not be empty");
    return out;
  }
  bool boolean(const YAML::Node& n, const std::string& key) const {
    std::string v = scalar(n, key);
    if (v != "true" && v != "false") fail(line_of(n), "'" + key + "' must be true or false");
    return v == "true";
  }

 private:
  std::string source_;
};

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// UAC's _convert_size: digits and an optional unit (b, c, k, m, g, t; "kb" etc.).
std::optional<uint64_t> convert_size(const std::string& v) {
  std::string digits, unit;
  for (char c : v) (std::isdigit(static_cast<unsigned char>(c)) ? digits : unit) += c;
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, uint64_t> units = {{"", 1},
                                                        {"b", 1},
                                                        {"c", 1},
                                                        {"k", 1ull << 10},
                                                        {"kb", 1ull << 10},
                                                        {"m", 1ull << 20},
                                                        {"mb", 1ull << 20},
                                                        {"g", 1ull << 30},
                                                        {"gb", 1ull << 30},
                                                        {"t", 1ull << 40},
                                                        {"tb", 1ull << 40}};
  auto u = units.find(unit);
  if (u == units.end()) return std::nullopt;
  return std::stoull(digits) * u->second;
}

const std::set<std::string> kOs = {"all",   "aix",    "esxi",      "freebsd", "linux",
                                   "macos", "netbsd", "netscaler", "openbsd", "solaris"};

void read_entry_key(const Doc& d, const std::string& key, const YAML::Node& v, Entry& e) {
  auto line = Doc::line_of(v);
  if (key == "description")
    e.description = d.scalar(v, key);
  else if (key == "supported_os") {
    e.supported_os = d.list(v, key);
    for (const auto& os : e.supported_os)
      if (!kOs.count(os)) d.fail(line, "unsupported operating system '" + os + "'");
  } else if (key == "collector") {
    std::string c = d.scalar(v, key);
    if (c == "command")
      e.collector = Kind::command;
    else if (c == "file")
      e.collector = Kind::file;
    else if (c == "find")
      e.collector = Kind::find;
    else if (c == "hash")
      e.collector = Kind::hash;
    else if (c == "stat")
      e.collector = Kind::stat;
    else
      d.fail(line, "invalid collector '" + c + "' (command, file, find, hash, stat)");
  } else if (key == "condition")
    e.condition = d.scalar(v, key);
  else if (key == "path") {
    e.path = d.scalar(v, key);
    if (e.path[0] != '/' && e.path[0] != '%')
      d.fail(line, "'path' must be absolute (start with '/' or a placeholder such as %user_home%)");
  } else if (key == "path_pattern")
    e.path_pattern = d.list(v, key);
  else if (key == "name_pattern")
    e.name_pattern = d.list(v, key);
  else if (key == "exclude_path_pattern")
    e.exclude_path_pattern = d.list(v, key);
  else if (key == "exclude_name_pattern")
    e.exclude_name_pattern = d.list(v, key);
  else if (key == "exclude_file_system")
    e.exclude_file_system = d.list(v, key);
  else if (key == "exclude_nologin_users")
    e.exclude_nologin_users = d.boolean(v, key);
  else if (key == "file_type") {
    e.file_type = d.list(v, key);
    for (const auto& t : e.file_type)
      if (t.size() != 1 || std::string("bcdpfls").find(t[0]) == std::string::npos)
        d.fail(line, "invalid file type '" + t + "' (b, c, d, p, f, l, s)");
  } else if (key == "max_depth") {
    std::string s = d.scalar(v, key);
    if (!all_digits(s) || s.size() > 6) d.fail(line, "'max_depth' must be an integer >= 0");
    e.max_depth = std::stoi(s);
  } else if (key == "min_file_size" || key == "max_file_size") {
    auto size = convert_size(d.scalar(v, key));
    if (!size) d.fail(line, "invalid value for '" + key + "'");
    (key == "min_file_size" ? e.min_file_size : e.max_file_size) = size;
  } else if (key == "permissions") {
    e.permissions = d.list(v, key);
    for (const auto& p : e.permissions) {
      std::string_view digits = p[0] == '-' ? std::string_view(p).substr(1) : std::string_view(p);
      if (!all_digits(digits) || digits.size() > 4 ||
          digits.find_first_of("89") != std::string_view::npos)
        d.fail(line, "'permissions' must be octal modes between -7777 and 7777");
    }
  } else if (key == "no_user")
    e.no_user = d.boolean(v, key);
  else if (key == "no_group")
    e.no_group = d.boolean(v, key);
  else if (key == "ignore_date_range")
    e.ignore_date_range = d.boolean(v, key);
  else if (key == "is_file_list")
    e.is_file_list = d.boolean(v, key);
  else if (key == "foreach")
    e.foreach = d.scalar(v, key);
  else if (key == "command")
    e.command = d.scalar(v, key);
  else if (key == "output_directory")
    e.output_directory = d.scalar(v, key);
  else if (key == "output_file")
    e.output_file = d.scalar(v, key);
  else if (key == "compress_output_file")
    e.compress_output_file = d.boolean(v, key);
  else if (key == "redirect_stderr_to_stdout")
    e.redirect_stderr_to_stdout = d.boolean(v, key);
  else if (key == "modifier")
    d.fail(line, "'modifier' is not applicable to an entry (only at the top)");
  else
    d.fail(line, "unknown field '" + key + "'");
}

// The cross-key rules of validate_artifact.sh, checked once the whole entry is read.
void check_entry(const Doc& d, const Entry& e, const std::set<std::string>& keys,
                 bool global_output_directory) {
  auto missing = [&](const std::string& what) {
    d.fail(e.line, "missing required field '" + what + "'");
  };
  if (!keys.count("description")) missing("description");
  if (!keys.count("supported_os")) missing("supported_os");
  if (!keys.count("collector")) missing("collector");
  if (e.collector != Kind::file && e.output_directory.empty() && !global_output_directory)
    missing("output_directory");
  auto not_for = [&](std::initializer_list<const char*> fields) {
    for (const char* f : fields)
      if (keys.count(f))
        d.fail(e.line, std::string("'") + f + "' is not applicable to the '" +
                           std::string(to_string(e.collector)) + "' collector");
  };
  if (e.collector == Kind::command) {
    if (e.command.empty()) missing("command");
    not_for({"exclude_file_system", "exclude_name_pattern", "exclude_path_pattern", "file_type",
             "ignore_date_range", "is_file_list", "max_depth", "max_file_size", "min_file_size",
             "name_pattern", "no_group", "no_user", "path", "path_pattern", "permissions"});
    return;
  }
  if (e.path.empty()) missing("path");
  if (e.collector != Kind::find) not_for({"command"});
  not_for({"compress_output_file", "redirect_stderr_to_stdout", "foreach"});
  bool has_f = std::find(e.file_type.begin(), e.file_type.end(), "f") != e.file_type.end();
  if ((e.max_file_size || e.min_file_size) && !has_f)
    d.fail(e.line, "'file_type' must include 'f' when 'min_file_size' or 'max_file_size' is set");
  if (e.collector != Kind::file && e.output_file.empty()) missing("output_file");
}

}  // namespace

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::command:
      return "command";
    case Kind::file:
      return "file";
    case Kind::find:
      return "find";
    case Kind::hash:
      return "hash";
    case Kind::stat:
      return "stat";
  }
  return "?";
}

bool Entry::runs_on_linux() const {
  return std::find(supported_os.begin(), supported_os.end(), "linux") != supported_os.end() ||
         std::find(supported_os.begin(), supported_os.end(), "all") != supported_os.end();
}

bool Artifact::runs_on_linux() const {
  return std::any_of(entries.begin(), entries.end(),
                     [](const Entry& e) { return e.runs_on_linux(); });
}

Artifact parse_artifact(std::string_view text, std::string_view source, std::string name) {
  Doc d(source);
  YAML::Node root = d.load(text);
  if (!root.IsMap()) d.fail(Doc::line_of(root), "an artifact file is a mapping with 'artifacts:'");
  Artifact a;
  a.name = std::move(name);
  a.source = source;
  YAML::Node entries;
  for (const auto& kv : root) {
    std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "version")
      a.version = d.scalar(v, key);
    else if (key == "output_directory")
      a.output_directory = d.scalar(v, key);
    else if (key == "condition")
      a.condition = d.scalar(v, key);
    else if (key == "modifier")
      a.modifier = d.boolean(v, key);
    else if (key == "description")
      d.scalar(v, key);  // UAC accepts it here and ignores it
    else if (key == "artifacts")
      entries = v;
    else
      d.fail(Doc::line_of(kv.first), "unknown field '" + key + "'");
  }
  if (a.version.empty()) d.fail(1, "missing required field 'version'");
  if (!entries.IsDefined() || !entries.IsSequence() || entries.size() == 0)
    d.fail(entries.IsDefined() ? Doc::line_of(entries) : 1,
           "'artifacts' must be a non-empty list of entries");
  for (const auto& item : entries) {
    if (!item.IsMap()) d.fail(Doc::line_of(item), "each entry of 'artifacts' must be a mapping");
    Entry e;
    e.line = Doc::line_of(item);
    std::set<std::string> keys;
    for (const auto& kv : item) {
      std::string key = kv.first.Scalar();
      keys.insert(key);
      read_entry_key(d, key, kv.second, e);
    }
    check_entry(d, e, keys, !a.output_directory.empty());
    if (e.output_directory.empty()) e.output_directory = a.output_directory;
    a.entries.push_back(std::move(e));
  }
  return a;
}

Profile parse_profile(std::string_view text, std::string_view source) {
  Doc d(source);
  YAML::Node root = d.load(text);
  if (!root.IsMap())
    d.fail(Doc::line_of(root), "a profile is a mapping (name, description, artifacts)");
  Profile p;
  p.source = source;
  for (const auto& kv : root) {
    std::string key = kv.first.Scalar();
    if (key == "name")
      p.name = d.scalar(kv.second, key);
    else if (key == "description")
      p.description = d.scalar(kv.second, key);
    else if (key == "artifacts") {
      if (!kv.second.IsSequence()) d.fail(Doc::line_of(kv.second), "'artifacts' must be a list");
      for (const auto& item : kv.second) p.artifacts.push_back(d.scalar(item, key));
    } else
      d.fail(Doc::line_of(kv.first), "unknown field '" + key + "'");
  }
  if (p.name.empty()) d.fail(1, "missing required field 'name'");
  if (p.artifacts.empty()) d.fail(1, "missing required field 'artifacts'");
  return p;
}

Config parse_config(std::string_view text, std::string_view source) {
  Doc d(source);
  YAML::Node root = d.load(text);
  Config c;
  if (root.IsNull()) return c;
  if (!root.IsMap()) d.fail(Doc::line_of(root), "uac.conf is a mapping");
  auto optional_list = [&](const YAML::Node& v, const std::string& key) {
    if (v.IsSequence() && v.size() == 0) return std::vector<std::string>{};
    return d.list(v, key);
  };
  for (const auto& kv : root) {
    std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "exclude_path_pattern")
      c.exclude_path_pattern = optional_list(v, key);
    else if (key == "exclude_name_pattern")
      c.exclude_name_pattern = optional_list(v, key);
    else if (key == "exclude_file_system")
      c.exclude_file_system = optional_list(v, key);
    else if (key == "hash_algorithm") {
      c.hash_algorithm = optional_list(v, key);
      for (const auto& h : c.hash_algorithm)
        if (h != "md5" && h != "sha1" && h != "sha256")
          d.fail(Doc::line_of(v), "hash_algorithm: '" + h + "' (md5, sha1, sha256)");
    } else if (key == "max_depth" || key == "exclude_mount_point_size") {
      std::string s = d.scalar(v, key);
      if (!all_digits(s) || s.size() > 15)
        d.fail(Doc::line_of(v), "'" + key + "' must be an integer >= 0");
      if (key == "max_depth")
        c.max_depth = static_cast<int>(std::min<uint64_t>(std::stoull(s), 1 << 20));
      else
        c.exclude_mount_point_size = std::stoull(s);
    } else if (key == "enable_find_mtime")
      c.enable_find_mtime = d.boolean(v, key);
    else if (key == "enable_find_atime")
      c.enable_find_atime = d.boolean(v, key);
    else if (key == "enable_find_ctime")
      c.enable_find_ctime = d.boolean(v, key);
    else
      d.fail(Doc::line_of(kv.first), "unknown field '" + key + "'");
  }
  return c;
}

}  // namespace collector::uac
