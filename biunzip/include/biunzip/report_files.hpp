#pragma once
// Where report.html's inputs come from: an extracted directory, or a package read in place
// (case.db and custody.json captured into a private temporary directory that is removed).
#include <iosfwd>
#include <string>

#include "biunzip/output_tree.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/report.hpp"
#include "ppc/reader.hpp"

namespace biunzip {

// DIR/case.db, DIR/custody.json and DIR/custody.log, those that exist.
ReportSources directory_report_sources(const std::string& dir, const std::string& package_name);

// Builds DIR/report.html from the directory's files; a failure is reported on `err`, not thrown.
void write_directory_report(const std::string& dir, OutputTree& tree,
                            const std::string& package_name, std::ostream& err);

// A private temporary directory (mode 0700) removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Reads the package and keeps case.db and custody.json (in `tmp`). Throws ppc::Error.
ReportSources package_report_sources(PackageFile& file, const ppc::ReadOptions& options,
                                     const TempDir& tmp, ppc::ReadReport* report = nullptr);

}  // namespace biunzip
