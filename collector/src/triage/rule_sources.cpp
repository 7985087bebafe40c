#include "rule_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ppc/embedded.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace rules {
std::span<const ppc::EmbeddedFile> embedded_files();
}

namespace collector::triage {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kEmbeddedDir = "yara/";

bool is_rule_file_name(const fs::path& p) {
  return p.extension() == ".yar" || p.extension() == ".yara";
}

std::vector<std::string> rule_files_in(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (is_rule_file_name(entry.path()) && entry.is_regular_file(ec))
      files.push_back(entry.path().string());
  }
  if (ec)
    ppc::fail(ppc::ErrorClass::usage, dir + ":0: cannot list rule directory: " + ec.message());
  if (files.empty()) ppc::fail(ppc::ErrorClass::usage, dir + ":0: no .yar or .yara files");
  std::sort(files.begin(), files.end());
  return files;
}

RuleSource read_source(const std::string& path) {
  RuleSource source{path, fs::path(path).stem().string(), {}, true};
  try {
    std::vector<uint8_t> bytes = ppc::read_file(path);
    source.text.assign(bytes.begin(), bytes.end());
  } catch (const ppc::Error& e) {
    // A rule file the responder named but we cannot read is their mistake, not an I/O fault.
    ppc::fail(ppc::ErrorClass::usage, path + ":0: cannot read rules: " + e.what());
  }
  return source;
}

}  // namespace

std::vector<RuleSource> read_rule_sources(const std::vector<std::string>& paths) {
  std::vector<RuleSource> sources;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const std::string& file : rule_files_in(path)) sources.push_back(read_source(file));
    } else {
      sources.push_back(read_source(path));
    }
  }
  return sources;
}

std::vector<RuleSource> embedded_rule_sources() {
  std::vector<RuleSource> sources;
  for (const ppc::EmbeddedFile& file : rules::embedded_files()) {
    if (!file.path.starts_with(kEmbeddedDir)) continue;
    sources.push_back({std::string(file.path), fs::path(file.path).stem().string(),
                       std::string(file.data), false});
  }
  std::sort(sources.begin(), sources.end(),
            [](const RuleSource& a, const RuleSource& b) { return a.name < b.name; });
  if (sources.empty())
    ppc::fail(ppc::ErrorClass::usage, "yara/:0: this build embeds no default YARA rules");
  return sources;
}

std::optional<std::string_view> find_embedded_rule(std::string_view include_name) {
  for (const ppc::EmbeddedFile& file : rules::embedded_files()) {
    if (file.path.starts_with(kEmbeddedDir) &&
        file.path.substr(kEmbeddedDir.size()) == include_name)
      return file.data;
  }
  return std::nullopt;
}

bool is_compiled_rules(std::string_view bytes) {
  return bytes.starts_with("YARA");
}

}  // namespace collector::triage
