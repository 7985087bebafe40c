#include "biunzip/csv.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include "ppc/error.hpp"

namespace biunzip {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Walks the text once; a small state machine is all RFC 4180 needs.
class CsvParser {
 public:
  explicit CsvParser(std::string_view text) : text_(text) {
    if (text_.starts_with(kBom)) text_.remove_prefix(kBom.size());
  }

  std::vector<CsvRecord> parse() {
    while (pos_ < text_.size()) parse_record();
    return std::move(records_);
  }

 private:
  void parse_record() {
    CsvRecord record{line_, {}};
    for (;;) {
      record.fields.push_back(parse_field());
      if (pos_ >= text_.size()) break;
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      break;
    }
    bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records_.push_back(std::move(record));
  }

  std::string parse_field() {
    if (pos_ < text_.size() && text_[pos_] == '"') return parse_quoted();
    std::size_t end = text_.find_first_of(",\r\n", pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string field(text_.substr(pos_, end - pos_));
    pos_ = end;
    // A lone CR not followed by LF ends the record like a line break.
    return field;
  }

  std::string parse_quoted() {
    std::size_t start_line = line_;
    std::string field;
    ++pos_;
    for (;;) {
      if (pos_ >= text_.size()) {
        ppc::fail(ppc::ErrorClass::usage,
                  "CSV line " + std::to_string(start_line) + ": quoted field is never closed");
      }
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
          continue;
        }
        break;
      }
      if (c == '\n') ++line_;
      field += c;
    }
    if (pos_ < text_.size() && text_.find_first_of(",\r\n", pos_) != pos_) {
      ppc::fail(ppc::ErrorClass::usage,
                "CSV line " + std::to_string(line_) + ": text after a closing quote");
    }
    return field;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::vector<CsvRecord> records_;
};

std::string normalized_header(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Index of the column headed `wanted`, or `fallback`.
std::size_t column_index(const std::vector<std::string>& header, std::string_view wanted,
                         std::size_t fallback) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (normalized_header(header[i]) == wanted) return i;
  }
  return fallback;
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text) {
  return CsvParser(text).parse();
}

PasswordList parse_password_list(std::string_view text,
                                 const std::function<bool(const std::string&)>& names_package) {
  PasswordList list;
  std::vector<CsvRecord> records = parse_csv(text);
  if (records.empty()) return list;
  const std::vector<std::string>& header = records.front().fields;
  constexpr std::size_t kNone = SIZE_MAX;
  std::size_t name_col = column_index(header, "file name", kNone);
  std::size_t pass_col = column_index(header, "zip password", kNone);
  std::size_t first = 1;
  if (name_col == kNone && pass_col == kNone && names_package && names_package(header[0])) {
    first = 0;
    list.problems.push_back("no header row (\"File Name\", \"Zip Password\"): line " +
                            std::to_string(records.front().line) + " read as a package");
  }
  if (name_col == kNone) name_col = 0;
  if (pass_col == kNone) pass_col = header.size() - 1;
  std::set<std::string> seen;
  for (std::size_t i = first; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    std::string where = "CSV line " + std::to_string(r.line) + ": ";
    std::string name = name_col < r.fields.size() ? r.fields[name_col] : std::string();
    if (name.empty()) {
      list.problems.push_back(where + "no file name, row skipped");
      continue;
    }
    if (!seen.insert(name).second) {
      list.problems.push_back(where + "duplicate file name '" + name + "', row skipped");
      continue;
    }
    std::string password = pass_col < r.fields.size() ? r.fields[pass_col] : std::string();
    list.entries.push_back({r.line, std::move(name), std::move(password)});
  }
  return list;
}

}  // namespace biunzip
