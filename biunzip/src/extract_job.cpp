#include "biunzip/extract_job.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "biunzip/archive_extract.hpp"
#include "biunzip/custody_log.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/image_export.hpp"
#include "biunzip/package_extract.hpp"
#include "biunzip/report_files.hpp"
#include "biunzip/salvage_report.hpp"
#include "biunzip/text.hpp"
#include "ppc/header.hpp"

namespace biunzip {
namespace {

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::string result_word(const ExtractSummary& s) {
  if (s.failure) return std::string(ppc::to_string(s.failure->error_class()));
  if (!s.problems.empty()) return std::string(ppc::to_string(s.problems.front().error_class));
  if (!s.refusals.empty()) return "refused-entries";
  return "ok";
}

// A failure before the payload (wrong key, not a package): leave no trace on disk.
bool nothing_happened(const ExtractSummary& s) {
  if (!s.failure || !s.entries.empty() || !s.lost.empty() || !s.refusals.empty()) return false;
  switch (s.failure->error_class()) {
    case ppc::ErrorClass::no_matching_key:
    case ppc::ErrorClass::wrong_passphrase:
    case ppc::ErrorClass::kdf_cost_too_high:
    case ppc::ErrorClass::header_mac:
    case ppc::ErrorClass::not_a_package:
    case ppc::ErrorClass::unsupported_version:
    case ppc::ErrorClass::header_malformed:
      return true;
    default:
      return false;
  }
}

// An archive whose entries all failed on their passphrase: as a wrong key for a package.
bool only_key_failures(const ExtractSummary& s) {
  if (!s.entries.empty() || !s.lost.empty() || !s.refusals.empty() || s.problems.empty()) {
    return false;
  }
  for (const Problem& p : s.problems) {
    if (exit_code_for(p.error_class) != kExitKey) return false;
  }
  return true;
}

bool wrote_nothing(const ExtractSummary& s) {
  return s.entries.empty() && s.lost.empty() && s.files == 0 && s.directories == 0 &&
         s.symlinks == 0;
}

// Messages that already name the package are not prefixed with it again.
std::string with_package(const ExtractJob& job, const std::string& message) {
  std::string p = printable(job.package);
  return message.find(p) != std::string::npos ? message : p + ": " + message;
}

// Salvage: the damaged ranges, one line each, and how many entries were read after them.
struct DamageSummary {
  std::vector<std::string> lines;
  uint64_t recovered_after = 0;
};

DamageSummary summarize_damage(const std::optional<ppc::ReadReport>& report) {
  DamageSummary d;
  if (!report) return d;
  d.lines = damage_lines(*report);
  for (const ppc::DamagedRange& r : report->damaged) d.recovered_after += r.recovered.size();
  return d;
}

void print_summary(const ExtractJob& job, const std::string& dir, const ExtractSummary& s,
                   const DamageSummary& damage, std::ostream& out, std::ostream& err) {
  for (const std::string& r : s.refusals) err << "biunzip: " << r << "\n";
  for (const Problem& p : s.problems) err << "biunzip: " << printable(p.message) << "\n";
  for (const ExtractedEntry& e : s.lost) {
    err << "biunzip: " << printable(e.name) << ": " << e.verification
        << (e.note.empty() ? "" : ", " + e.note) << "\n";
  }
  for (const std::string& line : damage.lines) err << "biunzip: " << line << "\n";
  if (s.failure) err << "biunzip: " << with_package(job, printable(s.failure->what())) << "\n";
  if (nothing_happened(s) || only_key_failures(s) || (s.failure && wrote_nothing(s))) return;
  if (!job.quiet) {
    int code = exit_code_of(s);
    out << printable(job.package) << ": ";
    if (code != kExitOk) {
      out << (job.salvage ? "salvage" : "extraction") << " incomplete (exit " << code << ", "
          << exit_code_name(code) << "): ";
    }
    out << s.files << " files (" << human_bytes(s.bytes) << "), " << s.directories
        << " directories, " << s.symlinks << " symlinks into " << printable(dir);
    if (!s.refusals.empty()) out << "; " << s.refusals.size() << " refused";
    if (!s.lost.empty()) out << "; " << s.lost.size() << " not intact";
    if (!damage.lines.empty()) {
      out << "; " << damage.lines.size()
          << (damage.lines.size() == 1 ? " damaged range" : " damaged ranges");
      if (damage.recovered_after > 0)
        out << ", " << damage.recovered_after << " entries recovered after damage";
    }
    out << "\n";
  }
}

int finish_early(const ExtractJob& job, const std::string& dir, const ExtractSummary& s,
                 std::ostream& out, std::ostream& err) {
  print_summary(job, dir, s, {}, out, err);
  return exit_code_of(s);
}

// A split package's volumes for salvage.json: how many, and each missing or truncated one.
nlohmann::json volumes_json(const ppc::VolumeSet& set) {
  nlohmann::json problems = nlohmann::json::array();
  for (const ppc::VolumeProblem& p : set.problems) {
    problems.push_back(
        {{"file", p.path},
         {"volume", p.index},
         {"state", p.kind == ppc::VolumeProblem::Kind::missing ? "missing" : "truncated"},
         {"offset", p.offset},
         {"bytes_present", p.bytes_present},
         {"bytes_expected", p.bytes_expected},
         {"message", ppc::describe(p)}});
  }
  return {{"count", set.count}, {"volume_bytes", set.volume_bytes}, {"problems", problems}};
}

}  // namespace

int run_extract_job(const ExtractJob& job, std::ostream& out, std::ostream& err) {
  std::string dir = job.output_dir.empty() ? default_output_dir(job.package) : job.output_dir;
  ExtractSummary summary;
  DamageSummary damage;
  CustodyRecord record{job.salvage ? "salvage" : "extract", absolute_path(job.package)};
  try {
    bool package = starts_like_package(job.package);
    if (!package && !looks_like_archive(job.package)) {
      ppc::fail(ppc::ErrorClass::not_a_package,
                job.package + ": neither a PPC package nor a zip or tar archive");
    }
    PackageFile file(job.package);
    if (!job.tree.force && OutputTree::holds_files(dir)) {
      err << "biunzip: " << printable(dir)
          << ": the output directory already holds files; use --force to replace them, or -o "
             "another directory\n";
      return kExitExists;
    }
    std::optional<ppc::HeaderInfo> header;
    if (package) header = file.read_header();
    OutputTree tree(dir, job.tree);
    if (package) {
      PackageExtractOptions options;
      options.read = make_read_options(job.keys, *header);
      options.read.salvage = job.salvage;
      file.set_zero_fill(job.salvage);  // zeros for a missing volume: reading resumes after it
      if (job.salvage) {
        for (const ppc::VolumeProblem& p : file.volumes().problems)
          err << "biunzip: " << printable(ppc::describe(p))
              << (p.bytes_expected > 0 ? "; salvaging what precedes it and what follows it\n"
                                       : "; salvaging what precedes it\n");
      }
      options.max_ratio = job.max_ratio;
      Progress progress(job.salvage ? "salvage" : "extract", file.size(), job.progress);
      PackageExtractResult r = extract_package(file, tree, options, &progress);
      progress.finish();
      record.package_sha256 = r.package_sha256;
      record.package_bytes = r.package_bytes;
      if (nothing_happened(r.summary)) return finish_early(job, dir, r.summary, out, err);
      if (job.salvage) {
        damage = summarize_damage(r.report);
        nlohmann::json j = salvage_json(absolute_path(job.package), r);
        if (file.volumes().split()) j["volumes"] = volumes_json(file.volumes());
        tree.replace_text("salvage.json",
                          j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      }
      summary = std::move(r.summary);
      check_image_digests(dir, summary);
    } else {
      std::vector<std::string> passphrases;
      for (auto& p : collect_passphrases(job.keys)) passphrases.emplace_back(p.begin(), p.end());
      bool prompt = passphrases.empty() && job.keys.allow_prompt;
      summary = extract_archive(job.package, tree, passphrases, prompt);
      if (only_key_failures(summary)) {
        tree.discard_if_empty();
        return finish_early(job, dir, summary, out, err);
      }
      record.package_sha256 = file_sha256(job.package);
      record.package_bytes = file.size();
    }
    tree.replace_text("manifest.jsonl", manifest_jsonl(summary));
    record.result = result_word(summary);
    record.exit_code = exit_code_of(summary);
    record.details = extraction_details(summary, absolute_path(dir));
    append_custody(tree, record);
    if (job.write_report) write_directory_report(dir, tree, job.package, err);
  } catch (const ppc::Error& e) {
    summary.failure = e;
  }
  print_summary(job, dir, summary, damage, out, err);
  return exit_code_of(summary);
}

}  // namespace biunzip
