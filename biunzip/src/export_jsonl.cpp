#include <nlohmann/json.hpp>

#include "biunzip/export.hpp"
#include "biunzip/json_bytes.hpp"
#include "ppc/case_db.hpp"

namespace biunzip {
namespace {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> column_names(const ppc::CaseDb& db, const std::string& table) {
  std::string literal = "'";
  for (char c : table) literal += c == '\'' ? std::string("''") : std::string(1, c);
  literal += "'";
  std::vector<std::string> names;
  for (auto& row : db.query("SELECT name FROM pragma_table_info(" + literal + ")")) {
    names.push_back(std::holds_alternative<std::string>(row.at(0)) ? std::get<std::string>(row[0])
                                                                   : "");
  }
  return names;
}

}  // namespace

void export_case_db_jsonl(const std::string& case_db_path, ppc::ByteSink& out) {
  ppc::CaseDb db = ppc::CaseDb::open_file(case_db_path);
  for (const std::string& table : db.table_names()) {
    std::vector<std::string> columns = column_names(db, table);
    for (const auto& row : db.query("SELECT * FROM " + quote_identifier(table))) {
      nlohmann::ordered_json j;
      j["table"] = table;
      for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
        const ppc::Value& v = row[i];
        if (std::holds_alternative<int64_t>(v))
          j[columns[i]] = std::get<int64_t>(v);
        else if (std::holds_alternative<double>(v))
          j[columns[i]] = std::get<double>(v);
        else if (std::holds_alternative<std::string>(v))
          j[columns[i]] = std::get<std::string>(v);
        else
          j[columns[i]] = nullptr;
      }
      std::string line =
          j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
      out.write({reinterpret_cast<const uint8_t*>(line.data()), line.size()});
    }
  }
}

}  // namespace biunzip
