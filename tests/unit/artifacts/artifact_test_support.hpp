#pragma once
// Helpers for the artifact tests: a fake asset root in a private temporary directory, and a
// recording ArtifactContext that checks every row against the artifact's declared tables.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "collector/artifact.hpp"
#include "collector/definitions.hpp"

namespace collector::test {

class FakeRoot {
 public:
  FakeRoot() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "artifacts-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~FakeRoot() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  FakeRoot(const FakeRoot&) = delete;
  FakeRoot& operator=(const FakeRoot&) = delete;

  const std::string& path() const { return path_; }
  // Host path of an asset path ("/etc/passwd" -> <tmp>/etc/passwd).
  std::string host(std::string_view asset) const { return path_ + std::string(asset); }
  void write(std::string_view asset, std::string_view content, mode_t mode = 0644) const {
    std::filesystem::create_directories(std::filesystem::path(host(asset)).parent_path());
    std::ofstream out(host(asset), std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out || ::chmod(host(asset).c_str(), mode) != 0)
      throw std::runtime_error("cannot write " + std::string(asset));
  }
  void mkdir(std::string_view asset) const { std::filesystem::create_directories(host(asset)); }
  void symlink(std::string_view target, std::string_view asset) const {
    std::filesystem::create_directories(std::filesystem::path(host(asset)).parent_path());
    std::filesystem::create_symlink(std::string(target), host(asset));
  }

 private:
  std::string path_;
};

using RecordedRow = std::map<std::string, ppc::Value>;

class RecordingTable final : public TableSink {
 public:
  explicit RecordingTable(const TableDef& def) : def_(def) {}
  void add(const Row& row) override;
  std::vector<RecordedRow> rows;

 private:
  const TableDef& def_;
};

class FakeContext final : public ArtifactContext {
 public:
  FakeContext(const ArtifactDef& def, std::string root) : def_(def), fs_(std::move(root)) {}
  const ArtifactDef& def() const override { return def_; }
  const RootFs& fs() const override { return fs_; }
  TableSink& table(std::string_view name) override;
  void collect_file(std::string_view p) override { files.emplace_back(p); }
  // Reads what the link leads to (at most max_bytes) and keeps it in `copies`.
  std::optional<StoredCopy> collect_proc_link(const std::string& link, const std::string& entry,
                                              uint64_t max_bytes, std::string& error) override;
  void source_error(std::string_view p, std::string_view m) override {
    errors.push_back(std::string(p) + ": " + std::string(m));
  }
  void note(std::string_view m) override { notes.emplace_back(m); }
  bool should_stop() const override { return false; }

  // Rows of a table (empty when nothing was written to it).
  const std::vector<RecordedRow>& rows(const std::string& table) const;
  bool collected(std::string_view path) const;

  std::vector<std::string> files, errors, notes;
  std::map<std::string, std::string> copies;  // entry name -> bytes

 private:
  const ArtifactDef& def_;
  RootFs fs_;
  std::map<std::string, RecordingTable, std::less<>> tables_;
};

// The builtin definition of `artifact`, run against `root` through its native collector.
struct NativeRun {
  ArtifactDef def;
  std::unique_ptr<FakeContext> ctx;
};
NativeRun run_native(std::string_view artifact, const std::string& root);

// Column accessors that fail the test when the column is NULL or of another type.
std::string text(const RecordedRow& row, const std::string& column);
int64_t integer(const RecordedRow& row, const std::string& column);
bool is_null(const RecordedRow& row, const std::string& column);
// The only row whose `column` equals `value` (fails the test otherwise).
const RecordedRow& find_row(const std::vector<RecordedRow>& rows, const std::string& column,
                            const std::string& value);

}  // namespace collector::test
