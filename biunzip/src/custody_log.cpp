#include "biunzip/custody_log.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "biunzip/json_bytes.hpp"
#include "biunzip/text.hpp"
#include "biunzip/version.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {

std::string analyst_login() {
  const std::string uid = std::to_string(::getuid());
  std::ifstream passwd("/etc/passwd");
  std::string line;
  while (std::getline(passwd, line)) {
    // name:password:uid:gid:gecos:home:shell
    std::size_t a = line.find(':');
    std::size_t b = a == std::string::npos ? a : line.find(':', a + 1);
    std::size_t c = b == std::string::npos ? b : line.find(':', b + 1);
    if (c != std::string::npos && line.compare(b + 1, c - b - 1, uid) == 0)
      return line.substr(0, a);
  }
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  return "uid " + uid;
}

std::string host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string custody_line(const CustodyRecord& r) {
  nlohmann::ordered_json j;  // keys in reading order: when, what, who, where
  j["time"] = utc_now();
  j["action"] = r.action;
  j["analyst"] = analyst_login();
  j["uid"] = ::getuid();
  j["host"] = host_name();
  j["tool"] = "biunzip " + version() + " (" + git_commit() + ")";
  put_bytes(j, "package", r.package);
  j["package_sha256"] = ppc::to_hex(r.package_sha256);
  j["package_bytes"] = r.package_bytes;
  j["result"] = r.result;
  j["exit_code"] = r.exit_code;
  for (auto& [k, v] : r.details.items()) j[k] = v;
  return dump_line(j);
}

void append_custody(OutputTree& tree, const CustodyRecord& r) {
  tree.append_text("custody.log", custody_line(r) + "\n");
}

nlohmann::json extraction_details(const ExtractSummary& s, const std::string& output_dir) {
  nlohmann::json j = nlohmann::json::object();
  put_bytes(j, "output", output_dir);
  j["files"] = s.files;
  j["directories"] = s.directories;
  j["symlinks"] = s.symlinks;
  j["bytes"] = s.bytes;
  j["refused"] = s.refusals.size();
  j["lost"] = s.lost.size();
  if (s.failure) j["failure"] = s.failure->what();
  return j;
}

}  // namespace biunzip
