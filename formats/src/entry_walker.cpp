#include "entry_walker.hpp"

#include <nlohmann/json.hpp>

#include "ppc/keys.hpp"

namespace ppc::detail {
namespace {

constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

bool digests_agree(const Digests& a, const Digests& b) {
  auto same = [](const std::string& x, const std::string& y) {
    return x.empty() || y.empty() || x == y;
  };
  return a.sha256 == b.sha256 && same(a.md5, b.md5) && same(a.sha1, b.sha1);
}

}  // namespace

EntryWalker::EntryWalker(const ReadOptions& opt, EntryVisitor& visitor, ReadReport& report)
    : opt_(opt), visitor_(visitor), report_(report), hasher_(HashSelection{true, true}) {}

void EntryWalker::run(TarReader& ar) {
  for (;;) {
    archive_entry* e = nullptr;
    int rc = archive_read_next_header(ar.a.get(), &e);
    if (rc == ARCHIVE_EOF) break;
    ar.check(rc, "header");
    EntryInfo info = entry_info(e);
    if (info.meta.name.rfind(kInternalPrefix, 0) == 0)
      internal_entry(ar, info);
    else
      data_entry(ar, info);
  }
}

void EntryWalker::finish_normal() {
  if (!final_seen_) fail(ErrorClass::manifest, "package has no final manifest");
  if (opt_.verify_key && !report_.signed_package)
    fail(ErrorClass::signature, "package is not signed, but a verification key was given");
}

void EntryWalker::break_off(DamagedRange& range) {
  abandon(&range);
}

void EntryWalker::resume() {
  after_damage_ = static_cast<uint32_t>(report_.damaged.size());
  link_unknown_ = true;
  visitor_.resumed(report_.damaged.back());
}

void EntryWalker::finish_salvage() {
  abandon(nullptr);
}

// The entry being read is lost; entries awaiting a checkpoint will not get one.
void EntryWalker::abandon(DamagedRange* range) {
  if (current_) {
    hasher_.finish();  // drops the partial digest, so the next entry starts afresh
    if (current_->verification != Verification::mismatch)
      current_->verification = Verification::incomplete;
    visitor_.end(*current_);
    report_.lost.push_back(*current_);
    if (range) range->cut_short.push_back(current_->info.meta.name);
    current_.reset();
  }
  if (internal_) {
    bool whole = internal_->bytes == internal_->info.meta.size;
    internal_->verification = whole ? Verification::mismatch : Verification::incomplete;
    visitor_.end(*internal_);
    internal_.reset();
  }
  for (Pending& p : pending_) {
    if (p.outcome.verification != Verification::pending) continue;
    p.outcome.verification = Verification::unverified;
    report_.unverified.push_back(p.outcome);
    if (range) ++range->unconfirmed;
    if (RecoveredEntry* e = recovered(p)) e->verification = Verification::unverified;
  }
  pending_.clear();
}

RecoveredEntry* EntryWalker::recovered(const Pending& p) {
  if (p.recovered_index == kNoIndex) return nullptr;
  return &report_.damaged[p.outcome.after_damage - 1].recovered[p.recovered_index];
}

void EntryWalker::data_entry(TarReader& ar, const EntryInfo& info) {
  if (final_seen_)
    fail(ErrorClass::manifest, "entry '" + info.meta.name + "' follows the final manifest");
  if (info.meta.size > opt_.limits.max_entry_bytes)
    fail(ErrorClass::limit, "entry '" + info.meta.name + "' is larger than the entry size limit");
  current_.emplace();
  current_->info = info;
  current_->after_damage = after_damage_;
  visitor_.begin(info);
  read_data(ar, [&](std::span<const uint8_t> b) {
    hasher_.update(b);
    current_->bytes += b.size();
    visitor_.data(b);
  });
  EntryOutcome& o = *current_;
  o.computed = hasher_.finish();
  if (o.bytes != info.meta.size)
    fail(ErrorClass::payload_malformed,
         "entry '" + info.meta.name + "' is shorter than its header says");
  o.status = info.declared_status.value_or(EntryStatus::complete);
  if (info.declared) {
    if (!digests_agree(*info.declared, o.computed)) {
      o.verification = Verification::mismatch;
      fail(ErrorClass::manifest,
           "entry '" + info.meta.name + "' does not match its recorded SHA-256");
    }
    o.verification = Verification::verified;
  } else {
    o.verification = Verification::pending;
  }
  ++report_.entries;
  std::size_t index = kNoIndex;
  if (after_damage_ > 0) {
    auto& list = report_.damaged[after_damage_ - 1].recovered;
    index = list.size();
    list.push_back({o.info.meta.name, o.bytes, o.computed.sha256, o.verification});
  }
  pending_.push_back({o, index});
  visitor_.end(o);
  current_.reset();
}

void EntryWalker::internal_entry(TarReader& ar, const EntryInfo& info) {
  constexpr uint64_t kMaxInternal = 256ull << 20;
  if (info.meta.size > kMaxInternal)
    fail(ErrorClass::limit, "internal entry too large: " + info.meta.name);
  std::string text;
  bool show = visitor_.wants_internal();
  if (show) {
    visitor_.begin(info);
    internal_.emplace();
    internal_->info = info;
    internal_->after_damage = after_damage_;
  }
  read_data(ar, [&](std::span<const uint8_t> b) {
    text.append(reinterpret_cast<const char*>(b.data()), b.size());
    if (show) {
      internal_->bytes += b.size();
      visitor_.data(b);
    }
  });
  if (info.meta.name.rfind(kCheckpointDir, 0) == 0)
    checkpoint(text);
  else if (info.meta.name == kSignatureName)
    signature(text);
  if (show) {
    EntryOutcome o = std::move(*internal_);
    internal_.reset();
    o.verification = Verification::verified;
    visitor_.end(o);
  }
}

template <class F>
void EntryWalker::read_data(TarReader& ar, F&& sink) {
  for (;;) {
    la_ssize_t n = archive_read_data(ar.a.get(), buf_, sizeof buf_);
    if (n == 0) break;
    if (n < 0) ar.check(static_cast<int>(n), "data");
    sink(std::span<const uint8_t>(buf_, static_cast<std::size_t>(n)));
  }
}

void EntryWalker::checkpoint(const std::string& text) {
  if (final_seen_) fail(ErrorClass::manifest, "a checkpoint follows the final manifest");
  CheckpointRecord r = parse_checkpoint(text);
  bool chained = r.sequence == last_sequence_ + 1 && r.prev_sha256 == prev_sha256_;
  // After a damaged range the checkpoints in it are gone: later ones may skip numbers and
  // cannot link to the last one read; they still list exactly the entries read since.
  if (!chained && !(link_unknown_ && r.sequence > last_sequence_))
    fail(ErrorClass::manifest, "checkpoint " + std::to_string(r.sequence) + " is out of sequence");
  uint64_t expected_total = report_.entries + entries_missing_;
  bool total_ok =
      link_unknown_ ? r.entries_total >= expected_total : r.entries_total == expected_total;
  if (r.items.size() != pending_.size() || !total_ok)
    fail(ErrorClass::manifest, "checkpoint " + std::to_string(r.sequence) + " lists " +
                                   std::to_string(r.items.size()) + " entries, the payload has " +
                                   std::to_string(pending_.size()));
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const ManifestItem& item = r.items[i];
    const EntryOutcome& o = pending_[i].outcome;
    if (item.name != o.info.meta.name || item.size != o.bytes ||
        !digests_agree(item.digests, o.computed))
      fail(ErrorClass::manifest, "entry '" + o.info.meta.name + "' does not match checkpoint " +
                                     std::to_string(r.sequence));
  }
  if (link_unknown_) account_range(r, expected_total);
  for (const Pending& p : pending_) {
    RecoveredEntry* e = recovered(p);
    if (e && p.outcome.verification == Verification::pending)
      e->verification = Verification::verified;
  }
  pending_.clear();
  last_sequence_ = r.sequence;
  prev_sha256_ =
      to_hex(sha256(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
  final_seen_ = r.final;
  ++report_.checkpoints;
  visitor_.checkpoint({r.sequence, r.final, prev_sha256_});
}

// The first checkpoint after a damaged range tells what the range held.
void EntryWalker::account_range(const CheckpointRecord& r, uint64_t expected_total) {
  DamagedRange& d = report_.damaged[after_damage_ - 1];
  d.entries_lost = r.entries_total - expected_total;
  d.checkpoints_lost = r.sequence - last_sequence_ - 1;
  d.chain_broken = r.prev_sha256 != prev_sha256_;
  entries_missing_ += *d.entries_lost;
  link_unknown_ = false;
}

void EntryWalker::signature(const std::string& text) {
  if (!final_seen_) fail(ErrorClass::signature, "signature precedes the final manifest");
  std::array<uint8_t, 32> pub{};
  std::array<uint8_t, 64> sig{};
  std::string manifest;
  try {
    auto j = nlohmann::json::parse(text);
    manifest = j.at("manifest_sha256").get<std::string>();
    if (j.at("alg") != "ed25519" || !from_hex(j.at("public_key").get<std::string>(), pub) ||
        !from_hex(j.at("signature").get<std::string>(), sig))
      fail(ErrorClass::signature, "signature record is malformed");
  } catch (const nlohmann::json::exception&) {
    fail(ErrorClass::signature, "signature record is not valid JSON");
  }
  if (manifest != prev_sha256_ || !ed25519_verify(pub, signed_message(manifest), sig))
    fail(ErrorClass::signature, "the manifest signature does not verify");
  report_.signed_package = true;
  report_.signer_key_id = key_id(pub);
  if (opt_.verify_key) {
    if (*opt_.verify_key != pub)
      fail(ErrorClass::signature, "signed by key " + key_id(pub) + ", not by the expected key " +
                                      key_id(*opt_.verify_key));
    report_.signature_matches_key = true;
  }
}

}  // namespace ppc::detail
