#include "config.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <vector>

#include "options_table.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace collector {
namespace {

[[noreturn]] void bad(const std::string& path, const YAML::Node& node, const std::string& message) {
  throw ppc::Error(ppc::ErrorClass::usage,
                   path + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

std::string beside_executable(const char* name) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return {};
  std::string dir(exe, static_cast<std::size_t>(n));
  std::string candidate = dir.substr(0, dir.find_last_of('/')) + "/" + name;
  struct stat st {};
  return ::stat(candidate.c_str(), &st) == 0 ? candidate : std::string();
}

YAML::Node load(const std::string& path) {
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
    throw ppc::Error(ppc::ErrorClass::usage,
                     path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap())
    throw ppc::Error(ppc::ErrorClass::usage, path + ": expected a mapping of option names");
  return root;
}

// A key must name an option that may be configured; else a file:line error.
void check_key(CLI::App& app, const std::string& path, const YAML::Node& key) {
  if (!key.IsScalar()) bad(path, key, "expected an option name");
  std::string name = key.Scalar();
  const CLI::Option* opt = name.starts_with('-') ? nullptr : app.get_option_no_throw("--" + name);
  if (opt == nullptr) bad(path, key, "unknown option '" + name + "'");
  if (!opt->get_configurable())
    bad(path, key, "'" + name + "' cannot be set in a configuration file");
}

// The arguments a key's value stands for, as the command line would give them (--name=value, so
// that a value starting with '-' stays a value). Errors name the key's line: an empty value has
// no line of its own.
std::vector<std::string> arguments(const std::string& path, const std::string& flag,
                                   const YAML::Node& key, const YAML::Node& value) {
  if (value.IsScalar()) return {flag + "=" + value.Scalar()};
  if (!value.IsSequence() || value.size() == 0)
    bad(path, key, flag + ": expected a value or a list of values");
  std::vector<std::string> args;
  for (const auto& item : value) {
    if (!item.IsScalar()) bad(path, item, flag + ": expected a value, not a list or a mapping");
    args.push_back(flag + "=" + item.Scalar());
  }
  return args;
}

}  // namespace

std::string find_config(int argc, char** argv) {
  // A parser that knows only --config and lets every other argument pass: the file is applied
  // first, so that the command line, parsed after it, wins.
  CLI::App early;
  early.set_help_flag();
  early.allow_extras();
  std::string path;
  declare_config_option(early, path);
  early.parse(argc, argv);
  return path.empty() ? beside_executable("collector.yaml") : path;
}

void apply_config(CLI::App& app, const std::string& path) {
  YAML::Node root = load(path);
  for (const auto& kv : root) {
    check_key(app, path, kv.first);
    std::string flag = "--" + kv.first.Scalar();
    std::vector<std::string> args = arguments(path, flag, kv.first, kv.second);
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      bad(path, kv.first, e.what());
    }
  }
}

}  // namespace collector
