// dpkg's database files: status, md5sums, diversions and dpkg.log (trace_parsers.hpp).
#include <cctype>

#include "parsers.hpp"
#include "trace_parsers.hpp"

namespace collector::parsers {
namespace {

bool is_md5(std::string_view s) {
  if (s.size() != 32) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void add_field(DpkgPackage& p, const std::string& key, std::string_view value,
               const std::vector<std::string_view>& continuation) {
  if (key == "package")
    p.name = value;
  else if (key == "version")
    p.version = value;
  else if (key == "architecture")
    p.architecture = value;
  else if (key == "status")
    p.status = value;
  else if (key == "multi-arch")
    p.multi_arch = value;
  else if (key == "conffiles") {
    for (auto line : continuation) {
      auto f = split_ws(line);
      if (f.size() < 2 || f[0].empty() || f[0][0] != '/') continue;
      p.conffiles.push_back(
          {std::string(f[0]), std::string(f[1]), f.size() > 2 && f[2] == "obsolete"});
    }
  }
}

}  // namespace

std::vector<DpkgPackage> parse_dpkg_status(std::string_view text) {
  std::vector<DpkgPackage> out;
  DpkgPackage current;
  std::string key;
  std::string_view value;
  std::vector<std::string_view> continuation;
  auto end_field = [&] {
    if (!key.empty()) add_field(current, key, value, continuation);
    key.clear();
    continuation.clear();
  };
  auto end_stanza = [&] {
    end_field();
    if (!current.name.empty()) out.push_back(std::move(current));
    current = {};
  };
  for (auto line : split_lines(text)) {
    if (trim(line).empty()) {
      end_stanza();
    } else if (line[0] == ' ' || line[0] == '\t') {
      if (!key.empty()) continuation.push_back(line);
    } else {
      end_field();
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      key = lower(trim(line.substr(0, colon)));
      value = trim(line.substr(colon + 1));
    }
  }
  end_stanza();
  return out;
}

std::vector<Md5sumEntry> parse_md5sums(std::string_view text) {
  std::vector<Md5sumEntry> out;
  for (auto line : split_lines(text)) {
    // "<32 hex>  <path>": the path may contain blanks, so only the first run of blanks splits.
    if (line.size() < 34 || !is_md5(line.substr(0, 32)) || line[32] != ' ') continue;
    std::string_view path = line.substr(33);
    while (!path.empty() && (path[0] == ' ' || path[0] == '*')) path.remove_prefix(1);
    if (path.empty()) continue;
    std::string abs = path[0] == '/' ? std::string(path) : "/" + std::string(path);
    out.push_back({lower(line.substr(0, 32)), std::move(abs)});
  }
  return out;
}

std::vector<DpkgDiversion> parse_dpkg_diversions(std::string_view text) {
  std::vector<DpkgDiversion> out;
  auto lines = split_lines(text);
  for (std::size_t i = 0; i + 2 < lines.size(); i += 3)
    out.push_back({std::string(lines[i]), std::string(lines[i + 1]), std::string(lines[i + 2])});
  return out;
}

std::map<std::string, std::string> parse_dpkg_log_installed(std::string_view text) {
  std::map<std::string, std::string> out;
  for (auto line : split_lines(text)) {
    // 2024-05-01 10:11:12 status installed openssh-server:amd64 1:9.2p1-2
    auto f = split_ws(line);
    if (f.size() < 5 || f[2] != "status" || f[3] != "installed") continue;
    std::string_view pkg = f[4];
    if (auto colon = pkg.find(':'); colon != std::string_view::npos) pkg = pkg.substr(0, colon);
    out[std::string(pkg)] = std::string(f[0]) + " " + std::string(f[1]);
  }
  return out;
}

}  // namespace collector::parsers
