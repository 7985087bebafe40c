// Checkpoint records (JSON lines inside the payload) and the small codecs beside them. A
// record that parses must survive serialize -> parse unchanged.
#include "fuzz_support.hpp"
#include "manifest.hpp"

namespace {

using ppc::detail::CheckpointRecord;
using ppc::detail::ManifestItem;

bool same_item(const ManifestItem& a, const ManifestItem& b) {
  return a.name == b.name && a.type == b.type && a.size == b.size &&
         a.digests.sha256 == b.digests.sha256 && a.digests.md5 == b.digests.md5 &&
         a.digests.sha1 == b.digests.sha1 && a.status == b.status;
}

bool same_record(const CheckpointRecord& a, const CheckpointRecord& b) {
  if (a.sequence != b.sequence || a.final != b.final || a.prev_sha256 != b.prev_sha256 ||
      a.time_utc != b.time_utc || a.entries_total != b.entries_total ||
      a.items.size() != b.items.size())
    return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!same_item(a.items[i], b.items[i])) return false;
  return true;
}

}  // namespace

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  ppc_fuzz::tolerate([&] {
    CheckpointRecord r = ppc::detail::parse_checkpoint(text);
    CheckpointRecord again = ppc::detail::parse_checkpoint(ppc::detail::serialize_checkpoint(r));
    ppc_fuzz::require(same_record(r, again), "checkpoint round trip");
  });
  ppc_fuzz::tolerate([&] {
    std::string raw = ppc::detail::base64_decode(text);
    ppc_fuzz::require(raw.size() <= text.size() / 4 * 3, "base64 decodes to at most 3/4");
    std::string encoded = ppc::detail::base64_encode(raw);
    ppc_fuzz::require(ppc::detail::base64_decode(encoded) == raw, "base64 round trip");
  });
  bool utf8 = ppc::detail::is_valid_utf8(text);
  if (utf8) {
    std::string copy(text);
    ppc_fuzz::require(ppc::detail::is_valid_utf8(copy + "a"), "valid UTF-8 + ASCII stays valid");
  }
  ppc_fuzz::tolerate([&] { (void)ppc::detail::signed_message(text); });
  return 0;
}
