#pragma once
// Test support for biunzip: temporary directories, packages built with the real writer, and
// running the command line in-process with its output captured.
#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ppc/keys.hpp"
#include "ppc/writer.hpp"

namespace biunzip_test {

inline constexpr const char* kPassphrase = "correct horse battery staple";
// A file name an attacker might use to inject markup into the report.
inline constexpr const char* kHostileName = "files/tmp/<script>alert(1)</script>.txt";
// Bytes that are not UTF-8.
inline const std::string kBinaryName = std::string("files/tmp/bin\xff\xfe.dat");

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct PackageSpec {
  std::vector<ppc::Recipient> recipients;  // empty: the test passphrase
  bool hostile = false;                    // add entries that must be refused
  const ppc::SigningKey* signing_key = nullptr;
  uint64_t seed = 1;
  int random_files = 0;  // files/random/NNN.bin of 96 KiB incompressible bytes each
  uint64_t checkpoint_bytes = 64ull << 20;
  std::size_t buffer_bytes = 8u << 20;  // entries larger than this are streamed (pending)
};

// Writes a small but complete case package: evidence files (one set-uid, one with a hostile
// name, one with a non-UTF-8 name), a symlink, live/ tables, case.db with files, triage,
// processes and network tables, custody.json and collection.log.
ppc::FinishResult write_sample_package(const std::string& path, const PackageSpec& spec = {});

// The bytes of files/random/NNN.bin.
std::string random_content(int index);

// The text every sample evidence file holds, by entry name.
std::string sample_content(const std::string& entry_name);

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};
// Runs biunzip::run with argv {"biunzip", args...}, capturing std::cout and std::cerr.
CliResult run_cli(const std::vector<std::string>& args);

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
bool exists(const std::string& path);
struct stat lstat_of(const std::string& path);

}  // namespace biunzip_test
