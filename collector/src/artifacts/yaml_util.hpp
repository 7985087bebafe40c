#pragma once
// Typed reading of YAML nodes for the definition loader: every failure is one
// ppc::Error(usage) line "source:line: message".
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace collector::yaml {

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}
  const std::string& source() const { return source_; }

  // Parses a whole document (yaml-cpp syntax errors carry their line).
  YAML::Node load(std::string_view text) const;
  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;
  [[noreturn]] void fail_line(int line, const std::string& message) const;
  static int line_of(const YAML::Node& node);

  // Rejects keys outside `allowed` (typos would otherwise be silently ignored).
  void check_keys(const YAML::Node& map, std::string_view what,
                  std::initializer_list<std::string_view> allowed) const;
  void require_map(const YAML::Node& node, std::string_view what) const;

  std::string string(const YAML::Node& node, std::string_view what) const;
  std::vector<std::string> string_list(const YAML::Node& node, std::string_view what) const;
  int64_t integer(const YAML::Node& node, std::string_view what, int64_t min, int64_t max) const;
  bool boolean(const YAML::Node& node, std::string_view what) const;
  uint64_t size(const YAML::Node& node, std::string_view what) const;

 private:
  std::string source_;
};

}  // namespace collector::yaml
