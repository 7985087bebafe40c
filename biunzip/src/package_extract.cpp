#include "biunzip/package_extract.hpp"

#include "biunzip/text.hpp"

namespace biunzip {
namespace {

constexpr uint64_t kRatioGrace = 1ull << 30;

std::string_view type_name(ppc::EntryType t) {
  switch (t) {
    case ppc::EntryType::file:
      return "file";
    case ppc::EntryType::symlink:
      return "symlink";
    case ppc::EntryType::directory:
      return "directory";
  }
  return "file";
}

// Writes entries as the reader hands them over. An entry's verdict comes with end(): verified
// (its pax header carries its digest) or pending (the next checkpoint confirms it; the reader
// throws, or in salvage mode reports it unverified, if none does before the read ends or
// resumes after damage).
class ExtractVisitor final : public ppc::EntryVisitor {
 public:
  ExtractVisitor(OutputTree& tree, ExtractSummary& summary, const TrackingSource& source,
                 const PackageExtractOptions& options)
      : tree_(tree), summary_(summary), source_(source), options_(options) {}

  void begin(const ppc::EntryInfo& info) override {
    close_current();
    const ppc::EntryMeta& m = info.meta;
    try {
      if (is_reserved_output_name(m.name)) {
        ppc::fail(ppc::ErrorClass::unsafe_entry,
                  printable(m.name) + ": refused, the name is reserved for biunzip's own records");
      }
      start_entry(m);
    } catch (const ppc::Error& e) {
      if (e.error_class() == ppc::ErrorClass::io) throw;
      summary_.refuse(e);
    }
  }

  void data(std::span<const uint8_t> bytes) override {
    payload_ += bytes.size();
    check_ratio();
    if (current_) OutputTree::write_sparse(current_.get(), bytes, current_meta_.name);
  }

  void end(const ppc::EntryOutcome& outcome) override {
    if (current_ && current_meta_.name == outcome.info.meta.name) close_current();
    if (!started_ || started_->name != outcome.info.meta.name) return;  // refused at begin
    ExtractedEntry e = std::move(*started_);
    started_.reset();
    e.sha256 = outcome.computed.sha256;
    e.size = outcome.bytes;
    bool kept = outcome.verification != ppc::Verification::mismatch &&
                outcome.verification != ppc::Verification::incomplete;
    if (kept && e.type == "file") summary_.bytes += outcome.bytes;  // lost bytes are not recovered
    e.status = std::string(ppc::to_string(outcome.status));
    e.verification = std::string(ppc::to_string(outcome.verification));
    switch (outcome.verification) {
      case ppc::Verification::pending:
        awaiting_checkpoint_.push_back(summary_.entries.size());
        [[fallthrough]];
      case ppc::Verification::verified:
      case ppc::Verification::unverified:
        summary_.entries.push_back(std::move(e));
        break;
      case ppc::Verification::mismatch:
      case ppc::Verification::incomplete:
        if (e.type == "file") set_aside(e);
        summary_.lost.push_back(std::move(e));
        break;
    }
  }

  // A checkpoint that did not throw confirmed every entry since the previous one.
  void checkpoint(const ppc::Checkpoint&) override {
    close_current();
    for (std::size_t i : awaiting_checkpoint_) summary_.entries[i].verification = "verified";
    awaiting_checkpoint_.clear();
  }

  // Salvage: reading resumed after damage. The checkpoint that would have confirmed the
  // entries still awaiting one lay in the damaged range.
  void resumed(const ppc::DamagedRange&) override {
    close_current();
    for (std::size_t i : awaiting_checkpoint_) {
      summary_.entries[i].verification = "unverified";
      summary_.entries[i].note = "its checkpoint lay in a damaged range";
    }
    awaiting_checkpoint_.clear();
  }

  // After the read: an entry still open was cut short (normal mode throws without end());
  // entries no checkpoint confirmed stay, marked unverified.
  void finish() {
    bool cut = static_cast<bool>(current_);
    close_current();
    if (started_) {
      if (cut) {
        started_->verification = "incomplete";
        set_aside(*started_);
        summary_.lost.push_back(std::move(*started_));
      }
      started_.reset();
    }
    for (std::size_t i : awaiting_checkpoint_) {
      summary_.entries[i].verification = "unverified";
      summary_.entries[i].note = "no checkpoint confirms its digest";
    }
    awaiting_checkpoint_.clear();
  }

 private:
  void start_entry(const ppc::EntryMeta& m) {
    ExtractedEntry e{m.name, std::string(type_name(m.type)), m.size, "", "", "", ""};
    if (m.mode & 07000) e.note = "set-uid/set-gid/sticky bits removed";
    if (m.type == ppc::EntryType::directory) {
      tree_.make_directory(m.name, m.mode, m.mtime);
      ++summary_.directories;
    } else if (m.type == ppc::EntryType::symlink) {
      if (!tree_.make_symlink(m.name, m.symlink_target, m.mtime)) e.type = "symlink-as-text";
      ++summary_.symlinks;
    } else {
      current_ = tree_.create_file(m.name, m.size);
      current_meta_ = m;
      ++summary_.files;
    }
    started_ = std::move(e);
  }

  void close_current() {
    if (!current_) return;
    tree_.finish_file(std::move(current_), current_meta_.name, current_meta_.mode,
                      current_meta_.mtime, current_meta_.atime);
  }

  // A file that is not intact is kept beside where it belongs, named for what is wrong.
  void set_aside(ExtractedEntry& e) {
    std::string to = e.name + "." + e.verification;
    try {
      tree_.rename_file(e.name, to);
      e.note = "kept as " + printable(to);
    } catch (const ppc::Error& err) {
      e.note = std::string("not kept: ") + err.what();
      try {
        tree_.remove_file(e.name);
      } catch (const ppc::Error&) {
      }
    }
  }

  void check_ratio() const {
    if (options_.max_ratio == 0 || payload_ < kRatioGrace) return;
    uint64_t read = source_.bytes_read() ? source_.bytes_read() : 1;
    if (payload_ / read > options_.max_ratio) {
      ppc::fail(ppc::ErrorClass::limit,
                "decompression ratio above --max-ratio " + std::to_string(options_.max_ratio) +
                    " (" + human_bytes(payload_) + " from " + human_bytes(read) + ")");
    }
  }

  OutputTree& tree_;
  ExtractSummary& summary_;
  const TrackingSource& source_;
  const PackageExtractOptions& options_;
  UniqueFd current_;
  ppc::EntryMeta current_meta_;
  std::optional<ExtractedEntry> started_;         // begun, end() not yet seen
  std::vector<std::size_t> awaiting_checkpoint_;  // indices into summary_.entries
  uint64_t payload_ = 0;
};

}  // namespace

PackageExtractResult extract_package(PackageFile& file, OutputTree& tree,
                                     const PackageExtractOptions& options, Progress* progress) {
  PackageExtractResult result;
  TrackingSource source(file, progress);
  ExtractVisitor visitor(tree, result.summary, source, options);
  try {
    ppc::ReadReport report = ppc::read_package(source, options.read, visitor);
    visitor.finish();
    if (report.failure) result.summary.failure = report.failure;
    result.report = std::move(report);
  } catch (const ppc::Error& e) {
    result.summary.failure = e;
    try {
      visitor.finish();
    } catch (const ppc::Error& e2) {
      result.summary.problem(e2);
    }
  }
  tree.finish();
  try {
    result.package_sha256 = source.whole_file_sha256();
  } catch (const ppc::Error& e) {
    result.summary.problem(e);
  }
  result.package_bytes = source.bytes_read();
  return result;
}

}  // namespace biunzip
