// utmp/wtmp/btmp and lastlog: fixed-size binary records a compromised host may have forged
// or truncated.
#include "artifacts/parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view bytes = ppc_fuzz::as_text(data, size);
  p::UtmpParse u = p::parse_utmp(bytes);
  ppc_fuzz::require(u.trailing_bytes == size % p::kUtmpRecordSize, "utmp trailing bytes");
  ppc_fuzz::require(u.records.size() <= size / p::kUtmpRecordSize, "utmp record count");
  for (const auto& r : u.records) ppc_fuzz::require(!r.type_name.empty(), "utmp type named");
  auto last = p::parse_lastlog(bytes);
  ppc_fuzz::require(last.size() <= size / p::kLastlogRecordSize, "lastlog record count");
  return 0;
}
