#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "biunzip/output_tree.hpp"
#include "biunzip/report_files.hpp"
#include "biunzip/triage.hpp"
#include "biunzip/unique_fd.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

constexpr std::size_t kBlock = 1u << 20;

void stream_file(const std::string& host_path, const std::string& asset_path,
                 findings::LogScanner& scanner) {
  UniqueFd fd(::open(host_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) ppc::fail_errno("cannot open " + host_path);
  scanner.begin(asset_path, findings::log_kind(asset_path));
  std::vector<uint8_t> buffer(kBlock);
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      ppc::fail_errno("cannot read " + host_path);
    }
    if (n == 0) break;
    scanner.data({buffer.data(), static_cast<std::size_t>(n)});
  }
  scanner.end();
}

TriageSummary finish(const std::string& db_path, findings::LogScanner& scanner,
                     const sigma::RuleSet& sigma, const std::vector<findings::SqlRule>& sql) {
  ppc::CaseDb db = ppc::CaseDb::open_file(db_path, true);
  db.begin();
  findings::TriageOutcome out = findings::finish_triage(db, &scanner.matches(), sql);
  db.commit();
  TriageSummary s;
  s.case_db = db_path;
  s.log_files = scanner.files();
  s.events = scanner.events();
  s.sigma_matches = scanner.matches().size();
  s.sigma_rules = sigma.rules().size();
  s.sql_rules = sql.size();
  s.sql_not_applicable = out.sql_not_applicable;
  s.findings = std::move(out.findings);
  s.sql_errors = std::move(out.sql_errors);
  return s;
}

// Keeps case.db (in a private temporary folder) and streams the logs through Sigma.
class TriageVisitor final : public ppc::EntryVisitor {
 public:
  TriageVisitor(OutputTree& tree, findings::LogScanner& scanner) : tree_(tree), scanner_(scanner) {}
  void begin(const ppc::EntryInfo& info) override {
    close();
    const std::string& n = info.meta.name;
    if (info.meta.type != ppc::EntryType::file) return;
    if (n == "case.db") {
      fd_ = tree_.create_file(n, info.meta.size);
      return;
    }
    if (n.starts_with("files/var/log/")) {
      std::string asset = n.substr(5);
      if (findings::log_kind(asset) != findings::LogKind::none)
        scanner_.begin(asset, findings::log_kind(asset));
    }
  }
  void data(std::span<const uint8_t> bytes) override {
    if (fd_) OutputTree::write_all(fd_.get(), bytes, "case.db");
    if (scanner_.in_file()) scanner_.data(bytes);
  }
  void end(const ppc::EntryOutcome&) override { close(); }
  void checkpoint(const ppc::Checkpoint&) override { close(); }
  void close() {
    scanner_.end();
    if (fd_) tree_.finish_file(std::move(fd_), "case.db", 0600, std::nullopt, std::nullopt);
  }

 private:
  OutputTree& tree_;
  findings::LogScanner& scanner_;
  UniqueFd fd_;
};

}  // namespace

TriageSummary triage_directory(const std::string& dir, const sigma::RuleSet& sigma,
                               const std::vector<findings::SqlRule>& sql) {
  namespace fs = std::filesystem;
  std::string db_path = dir + "/case.db";
  if (::access(db_path.c_str(), R_OK | W_OK) != 0)
    ppc::fail(ppc::ErrorClass::io, dir + " has no writable case.db (an extracted package?)");
  findings::LogScanner scanner(sigma);
  std::vector<fs::path> logs;
  std::error_code ec;
  fs::path base = fs::path(dir) / "files";
  fs::path root = base / "var" / "log";
  if (fs::is_directory(root, ec)) {
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
         it.increment(ec))
      if (it->is_regular_file(ec) && !it->is_symlink(ec) &&
          findings::log_kind(it->path().string()) != findings::LogKind::none)
        logs.push_back(it->path());
  }
  std::sort(logs.begin(), logs.end());
  for (const fs::path& p : logs)
    stream_file(p.string(), "/" + p.lexically_relative(base).string(), scanner);
  return finish(db_path, scanner, sigma, sql);
}

TriageSummary triage_package(PackageFile& file, const ppc::ReadOptions& options,
                             const std::string& output, const sigma::RuleSet& sigma,
                             const std::vector<findings::SqlRule>& sql) {
  findings::LogScanner scanner(sigma);
  TempDir tmp;
  OutputTree tree(tmp.path(), TreeOptions{});
  TriageVisitor visitor(tree, scanner);
  TrackingSource source(file, nullptr);
  ppc::read_package(source, options, visitor);
  visitor.close();
  std::string kept = tmp.path() + "/case.db";
  if (::access(kept.c_str(), R_OK) != 0)
    ppc::fail(ppc::ErrorClass::payload_malformed, file.path() + " holds no case.db");
  TriageSummary s = finish(kept, scanner, sigma, sql);
  std::vector<uint8_t> bytes = ppc::read_file(kept);
  ppc::write_file(output, bytes, false);
  s.case_db = output;
  return s;
}

}  // namespace biunzip
