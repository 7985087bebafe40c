#include "config.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstring>

#include "collector/definitions.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace collector {
namespace {

[[noreturn]] void bad(const std::string& path, const YAML::Node& node, const std::string& message) {
  throw ppc::Error(ppc::ErrorClass::usage, path + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

std::vector<std::string> strings(const std::string& path, const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) return {node.as<std::string>()};
  if (!node.IsSequence()) bad(path, node, "expected a string or a list of strings");
  for (const auto& item : node) out.push_back(item.as<std::string>());
  return out;
}

}  // namespace

uint64_t size_option(std::string_view text) {
  auto v = parse_size(text);
  if (!v) throw ppc::Error(ppc::ErrorClass::usage, "'" + std::string(text) + "' is not a size (examples: 4096, 64MiB, 1G)");
  return *v;
}

std::string find_config(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--config" && i + 1 < argc) return argv[i + 1];
    if (a.rfind("--config=", 0) == 0) return a.substr(9);
  }
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return {};
  std::string dir(exe, static_cast<std::size_t>(n));
  dir = dir.substr(0, dir.find_last_of('/'));
  std::string candidate = dir + "/collector.yaml";
  struct stat st{};
  return ::stat(candidate.c_str(), &st) == 0 ? candidate : std::string();
}

void apply_config(const std::string& path, RunOptions& o) {
  std::vector<uint8_t> bytes;
  try {
    bytes = ppc::read_file(path);
  } catch (const ppc::Error& e) {
    throw ppc::Error(ppc::ErrorClass::usage, std::string("configuration: ") + e.what());
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(bytes.begin(), bytes.end()));
  } catch (const YAML::Exception& e) {
    throw ppc::Error(ppc::ErrorClass::usage, path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) throw ppc::Error(ppc::ErrorClass::usage, path + ": expected a mapping of option names");
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    const YAML::Node& v = kv.second;
    try {
      if (key == "case-dir" || key == "case-base-dir") o.case_dir = v.as<std::string>();
      else if (key == "profile") o.profile = v.as<std::string>();
      else if (key == "collect") o.collect = strings(path, v);
      else if (key == "artifact") o.artifacts = strings(path, v);
      else if (key == "case-id") o.case_id = v.as<std::string>();
      else if (key == "examiner") o.examiner = v.as<std::string>();
      else if (key == "organization") o.organization = v.as<std::string>();
      else if (key == "note") o.note = v.as<std::string>();
      else if (key == "recipient") o.recipients = strings(path, v);
      else if (key == "recipient-file") o.recipient_files = strings(path, v);
      else if (key == "password-file") o.password_file = v.as<std::string>();
      else if (key == "no-encrypt") o.no_encrypt = v.as<bool>();
      else if (key == "sign-key") o.signing_key_file = v.as<std::string>();
      else if (key == "hash") o.hashes = v.as<std::string>();
      else if (key == "root") o.root = v.as<std::string>();
      else if (key == "quiet") o.quiet = v.as<bool>();
      else if (key == "log-format") o.log_format = v.as<std::string>();
      else if (key == "rules") o.rules = strings(path, v);
      else if (key == "scan") o.scan = strings(path, v);
      else if (key == "scan-exclude") o.scan_exclude = strings(path, v);
      else if (key == "scan-memory") o.scan_memory = strings(path, v);
      else if (key == "scan-max-size") o.scan_max_size = size_option(v.as<std::string>());
      else if (key == "scan-max-depth") o.scan_max_depth = v.as<int>();
      else if (key == "collect-matches") o.collect_matches = v.as<bool>();
      else if (key == "threads") o.threads = v.as<int>();
      else if (key == "max-file-size") o.max_file_size = size_option(v.as<std::string>());
      else if (key == "max-package-size") o.max_package_size = size_option(v.as<std::string>());
      else if (key == "min-free-space") o.min_free_space = size_option(v.as<std::string>());
      else if (key == "timeout") o.timeout_seconds = v.as<int>();
      else if (key == "scrypt-work-factor") o.scrypt_log2n = v.as<int>();
      else if (key == "scan-modified-since") o.scan_modified_since = v.as<std::string>();
      else if (key == "artifact-timeout") o.artifact_timeout_seconds = v.as<int>();
      else if (key == "cpu-limit") o.cpu_limit_percent = v.as<int>();
      else if (key == "io-nice") o.io_nice = v.as<std::string>();
      else bad(path, kv.first, "unknown option '" + key + "'");
    } catch (const YAML::Exception& e) {
      bad(path, v, "bad value for '" + key + "': " + e.msg);
    } catch (const ppc::Error& e) {
      if (std::string_view(e.what()).substr(0, path.size() + 1) == path + ":") throw;  // from bad()
      bad(path, v, "bad value for '" + key + "': " + e.what());
    }
  }
  o.config_file = path;
}

}  // namespace collector
