// The password list of `biunzip --dir DIR --csv FILE` (RFC 4180). Records that parse must
// come back unchanged from a fully quoted rendering of them.
#include "biunzip/csv.hpp"
#include "fuzz_support.hpp"

namespace {

std::string quoted(const std::vector<biunzip::CsvRecord>& records) {
  std::string out;
  for (const auto& r : records) {
    for (std::size_t i = 0; i < r.fields.size(); ++i) {
      out += i ? ",\"" : "\"";
      for (char c : r.fields[i]) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  ppc_fuzz::tolerate([&] {
    auto records = biunzip::parse_csv(text);
    auto again = biunzip::parse_csv(quoted(records));
    ppc_fuzz::require(again.size() == records.size(), "CSV round trip keeps every record");
    for (std::size_t i = 0; i < records.size(); ++i)
      ppc_fuzz::require(again[i].fields == records[i].fields, "CSV round trip keeps fields");
  });
  ppc_fuzz::tolerate([&] {
    biunzip::PasswordList list = biunzip::parse_password_list(text);
    for (const auto& e : list.entries)
      ppc_fuzz::require(!e.file_name.empty(), "entries have names");
  });
  return 0;
}
