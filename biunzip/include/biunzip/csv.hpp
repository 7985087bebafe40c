#pragma once
// The password list the commercial biunzip reads (--dir DIR --csv FILE): an RFC 4180 CSV with
// a header row naming the package file and its password.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace biunzip {

// One CSV record and the line it starts on (1-based), for messages.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// Parses RFC 4180 text: comma-separated, fields optionally in double quotes ("" is a quote,
// quoted fields may hold commas and line breaks), CRLF or LF line ends, a UTF-8 BOM ignored.
// Blank lines are skipped. Throws ppc::Error(usage) for a quote left open or text after a
// closing quote, naming the line.
std::vector<CsvRecord> parse_csv(std::string_view text);

struct PasswordEntry {
  std::size_t line = 0;
  std::string file_name;
  std::string password;
};

struct PasswordList {
  std::vector<PasswordEntry> entries;  // one per distinct file name, in file order
  std::vector<std::string> problems;   // one line each: empty or duplicate names
};

// Reads the list: the file name comes from the column headed "File Name" (else the first
// column), the password from "Zip Password" (else the last); headers match case-insensitively
// after trimming spaces. A name listed twice keeps its first row. A first row naming neither
// column whose first field `names_package` accepts is read as a package, not a header (lists
// written without a header row), with a note in `problems`.
PasswordList parse_password_list(
    std::string_view text, const std::function<bool(const std::string&)>& names_package = nullptr);

}  // namespace biunzip
