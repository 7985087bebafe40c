#include "triage_fixtures.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace triage_test {

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "ppc-triage-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = fs::canonical(pattern).string();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_file(const std::string& path, std::string_view content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

std::string random_text(std::mt19937_64& rng, std::size_t n) {
  static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz     \n";
  std::string out(n, ' ');
  for (char& c : out) c = alphabet[rng() % alphabet.size()];
  return out;
}

std::string test_rules_text() {
  return R"(
rule plain : marker
{
  meta:
    description = "planted ASCII marker"
    severity = "high"
    score = 7
    enabled = true
  strings:
    $a = "PPC-PLANTED-MARKER-1"
  condition:
    $a
}

rule hex_pattern
{
  strings:
    $h = { DE AD BE EF ?? 50 50 43 [2-4] CA FE }
  condition:
    $h
}

rule regex_pattern
{
  meta:
    severity = "low"
  strings:
    $r = /evil-[0-9]{3}-payload/
  condition:
    $r
}

rule wide_and_nocase
{
  strings:
    $w = "WideMarker" wide
    $n = "case-insensitive-marker" nocase
  condition:
    any of them
}

private rule has_header
{
  strings:
    $m = "PPCHDR"
  condition:
    $m at 0
}

rule header_and_size
{
  meta:
    severity = "critical"
  condition:
    has_header and filesize < 4096
}

rule many_hits
{
  strings:
    $x = "REPEATED-TOKEN"
  condition:
    #x >= 5
}
)";
}

CorpusFacts make_corpus(const std::string& dir, uint64_t seed, std::size_t max_size) {
  std::mt19937_64 rng(seed);
  CorpusFacts facts;
  facts.max_size = max_size;
  const std::array<std::string, 6> plants = {
      "PPC-PLANTED-MARKER-1",    std::string("\xde\xad\xbe\xef\x01PPC\x00\x00\x00\xca\xfe", 13),
      "evil-123-payload",        std::string("W\0i\0d\0e\0M\0a\0r\0k\0e\0r\0", 20),
      "CASE-Insensitive-MARKER", "REPEATED-TOKEN"};
  const std::array<std::string, 5> dirs = {"", "a", "a/b", "a/b/c/d/e", "dot/.hidden"};
  for (int i = 0; i < 60; ++i) {
    std::string sub = dirs[static_cast<std::size_t>(i) % dirs.size()];
    std::string name = dir + "/" + (sub.empty() ? "" : sub + "/") + "f" + std::to_string(i) +
                       (i % 3 == 0 ? ".bin" : ".txt");
    std::size_t size = 100 + rng() % 20000;
    std::string content = i % 3 == 0 ? random_bytes(rng, size) : random_text(rng, size);
    if (i % 4 == 1) {
      const std::string& plant = plants[rng() % plants.size()];
      std::size_t copies = plant == "REPEATED-TOKEN" ? 3 + i % 5 : 1;
      for (std::size_t k = 0; k < copies; ++k)
        content.replace(rng() % (content.size() - plant.size()), plant.size(), plant);
    }
    write_file(name, content);
  }
  facts.planted = dir + "/a/planted file.txt";
  write_file(facts.planted, "prefix PPC-PLANTED-MARKER-1 and evil-999-payload suffix");
  write_file(dir + "/hdr_small", "PPCHDR small");
  write_file(dir + "/hdr_large", "PPCHDR" + std::string(5000, 'x'));
  write_file(dir + "/a/.dotfile", "PPC-PLANTED-MARKER-1");
  write_file(dir + "/empty", "");
  write_file(dir + "/repeated", std::string(10, ' ') +
                                    "REPEATED-TOKEN REPEATED-TOKEN "
                                    "REPEATED-TOKEN REPEATED-TOKEN REPEATED-TOKEN REPEATED-TOKEN");
  facts.big = dir + "/a/big.bin";
  write_file(facts.big, std::string(max_size + 1, 'z') + "PPC-PLANTED-MARKER-1");
  write_file(dir + "/a/exact.bin", std::string(max_size - 20, 'y') + "PPC-PLANTED-MARKER-1");
  facts.fifo = dir + "/a/b/pipe";
  if (mkfifo(facts.fifo.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed");
  fs::create_directory_symlink("..", dir + "/a/b/loop");
  fs::create_symlink(facts.planted, dir + "/link-to-planted");
  fs::create_symlink(dir + "/a", dir + "/link-to-dir");
  return facts;
}

MatchSet run_yara_cli(const std::string& args, const std::string& rules,
                      const std::string& target) {
  std::string command = "yara " + args + " '" + rules + "' '" + target + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  MatchSet out;
  std::array<char, 4096> line{};
  while (fgets(line.data(), line.size(), pipe.get()) != nullptr) {
    std::string text(line.data());
    if (!text.empty() && text.back() == '\n') text.pop_back();
    auto space = text.find(' ');
    if (space != std::string::npos) out.emplace(text.substr(0, space), text.substr(space + 1));
  }
  return out;
}

MatchSet ScanResult::matches() const {
  MatchSet out;
  for (const ppc::TriageRow& row : rows) out.emplace(row.rule, row.path);
  return out;
}

ScanResult scan(const collector::CompiledRules& rules, const collector::ScanOptions& options,
                const std::string& root) {
  ScanResult result;
  collector::RootFs fs(root);
  result.summary = collector::scan_targets(
      rules, fs, options, [&](const ppc::TriageRow& row) { result.rows.push_back(row); });
  return result;
}

}  // namespace triage_test
