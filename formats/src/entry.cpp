#include "ppc/entry.hpp"

namespace ppc {

std::string_view to_string(EntryStatus s) {
  switch (s) {
    case EntryStatus::complete:
      return "complete";
    case EntryStatus::grew:
      return "grew";
    case EntryStatus::shrank:
      return "shrank";
    case EntryStatus::read_error:
      return "read-error";
    case EntryStatus::truncated:
      return "truncated";
  }
  return "complete";
}

std::optional<EntryStatus> parse_entry_status(std::string_view s) {
  for (auto st : {EntryStatus::complete, EntryStatus::grew, EntryStatus::shrank,
                  EntryStatus::read_error, EntryStatus::truncated}) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

std::string evidence_entry_name(std::string_view original_absolute_path) {
  std::string_view p = original_absolute_path;
  while (!p.empty() && p.front() == '/') p.remove_prefix(1);
  return std::string(kFilesPrefix) + std::string(p);
}

}  // namespace ppc
