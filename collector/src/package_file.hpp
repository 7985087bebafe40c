#pragma once
// The package file of one run (internal): created in the case directory under a name never
// used before, written through a sink that remembers a failed write, by the package writer.
// Destroying it closes the descriptor; finish() seals the package first.
#include <sys/types.h>

#include <atomic>
#include <optional>
#include <string>
#include <utility>

#include "ppc/io.hpp"
#include "ppc/writer.hpp"

namespace collector {

// (device, inode) of a path, or zeros: how the collector recognises its own outputs.
std::pair<dev_t, ino_t> identity_of(const std::string& path);

// The package file's sink, remembering whether writing failed (then the run cannot go on).
class GuardedSink final : public ppc::ByteSink {
 public:
  GuardedSink(int fd, std::string name) : inner_(fd, std::move(name)) {}
  void write(std::span<const uint8_t> data) override {
    guard([&] { inner_.write(data); });
  }
  void sync() override {
    guard([&] { inner_.sync(); });
  }
  bool failed() const { return failed_.load(); }

 private:
  template <class F>
  void guard(F&& f) {
    try {
      f();
    } catch (...) {
      failed_ = true;
      throw;
    }
  }
  ppc::FdSink inner_;
  std::atomic<bool> failed_{false};  // sync() runs on the writer's background thread
};

class PackageFile {
 public:
  // Creates case_dir (mkdir -p, 0750) and CASE_HOST_TIME.ppc there (0600, O_EXCL: never
  // overwrites; a second run in the same second gets -2, -3, …), and starts the writer (which
  // writes the header). Throws ppc::Error(io).
  PackageFile(const std::string& case_dir, const std::string& stem, ppc::WriterOptions options);
  ~PackageFile();
  PackageFile(const PackageFile&) = delete;
  PackageFile& operator=(const PackageFile&) = delete;

  const std::string& path() const { return path_; }
  const std::string& name() const { return name_; }
  ppc::PackageWriter& writer() { return *writer_; }
  // The package cannot be finished: a write failed, or an entry failed part way through.
  bool failed() const { return (sink_ && sink_->failed()) || (writer_ && writer_->failed()); }
  // Writes the closing records and closes the file.
  ppc::FinishResult finish();

 private:
  std::string name_, path_;
  int fd_ = -1;
  std::optional<GuardedSink> sink_;
  std::optional<ppc::PackageWriter> writer_;
};

}  // namespace collector
