#pragma once
// Helpers for the formats unit tests: a private temporary directory per test, file I/O in it,
// and running a shell command (the real openssl/sqlite3/sha256sum tools) with its output.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ppc::test {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ppc-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string operator/(std::string_view name) const { return (path_ / name).string(); }

  void write(std::string_view name, std::string_view content) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("cannot write " + std::string(name));
  }
  void write(std::string_view name, const std::vector<uint8_t>& content) const {
    write(name, std::string_view(reinterpret_cast<const char*>(content.data()), content.size()));
  }
  std::string read(std::string_view name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + std::string(name));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<uint8_t> read_bytes(std::string_view name) const {
    std::string s = read(name);
    return std::vector<uint8_t>(s.begin(), s.end());
  }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int status = -1;     // the shell's exit status
  std::string output;  // stdout and stderr together
};

// Runs `command` with /bin/sh inside `dir`.
inline CommandResult run(const ScratchDir& dir, const std::string& command) {
  std::string full = "cd '" + dir / "" + "' && { " + command + " ; } 2>&1";
  CommandResult r;
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace ppc::test
