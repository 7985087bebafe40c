#pragma once
// Byte sources and sinks the package writer and reader stream through. Files, pipes and
// in-memory buffers all fit, so packages can go to a USB drive, a pipe or a network share.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ppc/secure.hpp"

namespace ppc {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Writes every byte or throws Error(io). Never seeks.
  virtual void write(std::span<const uint8_t> data) = 0;
  // Makes what was written durable (fdatasync for files); a no-op for pipes and memory.
  virtual void sync() {}
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to out.size() bytes; returns 0 only at end of input. Throws Error(io).
  virtual std::size_t read(std::span<uint8_t> out) = 0;
};

// Writes to a file descriptor it does not own; retries EINTR and short writes. On ENOSPC the
// error says so and names the free space left.
class FdSink final : public ByteSink {
 public:
  FdSink(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  void write(std::span<const uint8_t> data) override;
  void sync() override;

 private:
  int fd_;
  std::string name_;
};

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  std::size_t read(std::span<uint8_t> out) override;

 private:
  int fd_;
  std::string name_;
};

class MemorySink final : public ByteSink {
 public:
  void write(std::span<const uint8_t> data) override {
    bytes.insert(bytes.end(), data.begin(), data.end());
  }
  std::vector<uint8_t> bytes;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::span<const uint8_t> data) : data_(data) {}
  std::size_t read(std::span<uint8_t> out) override;

 private:
  std::span<const uint8_t> data_;
  std::size_t pos_ = 0;
};

// Reads until `out` is full or the source ends; returns the bytes read.
std::size_t read_fully(ByteSource& in, std::span<uint8_t> out);

// Reads a whole (small) file; throws Error(io) naming the path.
std::vector<uint8_t> read_file(const std::string& path);
// The same for a file holding a secret (passphrase, private key): the bytes never leave wiped
// storage (read straight into a SecureBytes sized from fstat; no stack buffer, no copies).
SecureBytes read_secret_file(const std::string& path);
// Creates (O_EXCL unless overwrite) and writes a whole file; throws Error(io).
void write_file(const std::string& path, std::span<const uint8_t> data, bool overwrite = false);

}  // namespace ppc
