#pragma once
// Walks the payload's tar entries (internal): hands them to the visitor, hashes them, checks
// pax digests, checkpoints, the final manifest and the signature (docs/FORMAT.md,
// "Checkpoints and the final manifest"). In salvage mode it also keeps the books of each
// damaged range: what it cut short and what was read after it.
#include <optional>
#include <string>
#include <vector>

#include "manifest.hpp"
#include "ppc/hashing.hpp"
#include "ppc/reader.hpp"
#include "tar_reader.hpp"

namespace ppc::detail {

class EntryWalker {
 public:
  EntryWalker(const ReadOptions& opt, EntryVisitor& visitor, ReadReport& report);

  // Reads entries up to the end of the tar archive; throws the first failure.
  void run(TarReader& ar);
  // After the end of the archive: the final manifest (and an expected signature) was seen.
  void finish_normal();

  // Salvage. The stream broke (`range` is the report's newest damaged range): the entry being
  // read is lost, and entries awaiting a checkpoint stay unverified.
  void break_off(DamagedRange& range);
  // Reading resumes after report.damaged.back(): the next checkpoint may skip sequence numbers
  // and not link to the last one read.
  void resume();
  // The read is over: as break_off, without a range.
  void finish_salvage();

 private:
  struct Pending {
    EntryOutcome outcome;
    std::size_t recovered_index;  // in its damaged range's recovered list; npos before damage
  };

  void data_entry(TarReader& ar, const EntryInfo& info);
  void internal_entry(TarReader& ar, const EntryInfo& info);
  template <class F>
  void read_data(TarReader& ar, F&& sink);
  void checkpoint(const std::string& text);
  void account_range(const CheckpointRecord& r, uint64_t expected_total);
  void signature(const std::string& text);
  void abandon(DamagedRange* range);
  RecoveredEntry* recovered(const Pending& p);

  const ReadOptions& opt_;
  EntryVisitor& visitor_;
  ReadReport& report_;
  MultiHasher hasher_;
  std::optional<EntryOutcome> current_;   // the data entry being read
  std::optional<EntryOutcome> internal_;  // the internal entry being shown to the visitor
  std::vector<Pending> pending_;          // not yet covered by a checkpoint
  uint64_t last_sequence_ = 0;
  std::string prev_sha256_;
  bool final_seen_ = false;
  uint32_t after_damage_ = 0;     // entries now read follow report_.damaged[after_damage_ - 1]
  bool link_unknown_ = false;     // no checkpoint read since reading resumed
  uint64_t entries_missing_ = 0;  // data entries the package has but this read did not get
  uint8_t buf_[256 * 1024];
};

}  // namespace ppc::detail
