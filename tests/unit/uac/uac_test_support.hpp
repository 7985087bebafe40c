#pragma once
// A private temporary directory for the UAC tests: a UAC tree, a fake asset root, or both.
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace collector::uac::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "uac-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string host(std::string_view rel) const {
    return path_ + (rel.starts_with("/") ? "" : "/") + std::string(rel);
  }
  void write(std::string_view rel, std::string_view content, mode_t mode = 0644) const {
    std::filesystem::create_directories(std::filesystem::path(host(rel)).parent_path());
    std::ofstream out(host(rel), std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out || ::chmod(host(rel).c_str(), mode) != 0)
      throw std::runtime_error("cannot write " + std::string(rel));
  }
  void mkdir(std::string_view rel) const { std::filesystem::create_directories(host(rel)); }
  void symlink(std::string_view target, std::string_view rel) const {
    std::filesystem::create_symlink(std::string(target), host(rel));
  }

 private:
  std::string path_;
};

}  // namespace collector::uac::test
