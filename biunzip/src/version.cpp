#include "biunzip/version.hpp"

#include <archive.h>
#include <openssl/crypto.h>
#include <sqlite3.h>
#include <zstd.h>

#include "ppc/version.hpp"

namespace biunzip {

std::string version() {
  return std::string(ppc::version());
}
std::string git_commit() {
  return std::string(ppc::commit());
}

std::string version_text() {
  std::string out = "biunzip " + version() + " (commit " + git_commit() + ")\n";
  out += std::string("  ") + OpenSSL_version(OPENSSL_VERSION) + "\n";
  // libarchive 3.6 leaks on every archive_version_details() call after the first: ask once.
  static const std::string archive_details = archive_version_details();
  out += "  " + archive_details + "\n";
  out += std::string("  zstd ") + ZSTD_versionString() + "\n";
  out += std::string("  SQLite ") + sqlite3_libversion() + "\n";
  return out;
}

}  // namespace biunzip
