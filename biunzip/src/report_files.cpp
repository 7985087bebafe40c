#include "biunzip/report_files.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include "biunzip/text.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

std::string read_text_if_present(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return {};
  std::vector<uint8_t> bytes = ppc::read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Keeps the two entries a report needs; every other entry is read (and verified) and dropped.
class CaptureVisitor final : public ppc::EntryVisitor {
 public:
  explicit CaptureVisitor(OutputTree& tree) : tree_(tree) {}
  void begin(const ppc::EntryInfo& info) override {
    close();
    const std::string& n = info.meta.name;
    if (info.meta.type == ppc::EntryType::file && (n == "case.db" || n == "custody.json")) {
      fd_ = tree_.create_file(n, info.meta.size);
      name_ = n;
    }
  }
  void data(std::span<const uint8_t> bytes) override {
    if (fd_) OutputTree::write_all(fd_.get(), bytes, name_);
  }
  void end(const ppc::EntryOutcome&) override { close(); }
  void checkpoint(const ppc::Checkpoint&) override { close(); }
  void close() {
    if (fd_) tree_.finish_file(std::move(fd_), name_, 0600, std::nullopt, std::nullopt);
  }

 private:
  OutputTree& tree_;
  UniqueFd fd_;
  std::string name_;
};

}  // namespace

ReportSources directory_report_sources(const std::string& dir, const std::string& package_name) {
  ReportSources s;
  s.package_name = package_name;
  if (::access((dir + "/case.db").c_str(), R_OK) == 0) s.case_db = dir + "/case.db";
  s.custody_json = read_text_if_present(dir + "/custody.json");
  s.custody_log = read_text_if_present(dir + "/custody.log");
  s.salvage_json = read_text_if_present(dir + "/salvage.json");
  return s;
}

void write_directory_report(const std::string& dir, OutputTree& tree,
                            const std::string& package_name, std::ostream& err) {
  try {
    ReportData data = load_report_data(directory_report_sources(dir, base_name(package_name)));
    tree.replace_text("report.html", render_report_html(data));
  } catch (const std::exception& e) {
    err << "biunzip: report.html not written: " << e.what() << "\n";
  }
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/biunzip.XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) ppc::fail_errno("cannot create a temporary directory");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ReportSources package_report_sources(PackageFile& file, const ppc::ReadOptions& options,
                                     const TempDir& tmp, ppc::ReadReport* report) {
  OutputTree tree(tmp.path(), TreeOptions{});
  CaptureVisitor visitor(tree);
  TrackingSource source(file, nullptr);
  ppc::ReadReport r = ppc::read_package(source, options, visitor);
  visitor.close();
  if (report) *report = r;
  ReportSources s = directory_report_sources(tmp.path(), base_name(file.path()));
  s.custody_log.clear();
  return s;
}

}  // namespace biunzip
