// case.db: an in-memory SQLite database, serialized into the package at the end of a collection.
//
// Storage conventions (docs/FORMAT.md, "case.db"):
//   - "unknown" is NULL: empty strings, and -1 in files.size/uid/gid and triage_matches.pid, are
//     stored as NULL so that SQL aggregates and `IS NULL` mean what an analyst expects. Times
//     and the other integers are stored as given (0 is a real value for them).
//   - Text is stored byte for byte with an explicit length: paths from the asset may not be
//     UTF-8, and SQLite neither checks nor changes the bytes of TEXT values.
#include "ppc/case_db.hpp"

#include <sqlite3.h>

#include <map>
#include <nlohmann/json.hpp>

#include "case_db_sqlite.hpp"
#include "ppc/error.hpp"

namespace ppc {
namespace {

using detail::Statement;

// The fixed tables, declared as data; each also gets "id INTEGER PRIMARY KEY" first.
const std::vector<Column>& files_columns() {
  using enum ColumnType;
  static const std::vector<Column> columns = {
      {"path", text},      {"entry", text},    {"size", integer},  {"sha256", text},
      {"md5", text},       {"sha1", text},     {"status", text},   {"error", text},
      {"mtime", integer},  {"atime", integer}, {"ctime", integer}, {"btime", integer},
      {"mode", integer},   {"uid", integer},   {"gid", integer},   {"inode", integer},
      {"device", integer}, {"artifact", text}};
  return columns;
}

const std::vector<Column>& custody_columns() {
  using enum ColumnType;
  static const std::vector<Column> columns = {
      {"time_utc", text}, {"event", text}, {"detail", text}};
  return columns;
}

const std::vector<Column>& triage_columns() {
  using enum ColumnType;
  static const std::vector<Column> columns = {
      {"rule", text},        {"namespace", text}, {"tags", text},   {"meta", text},
      {"target_type", text}, {"path", text},      {"pid", integer}, {"sha256", text},
      {"strings", text},     {"severity", text}};
  return columns;
}

constexpr std::string_view kFixedTables[] = {"files", "custody", "triage_matches", "ppc_schema"};

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char c : name)
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// Names are validated, but quoting them still lets columns be called "order" or "group".
std::string sql_name(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

const char* sql_type(ColumnType t) {
  switch (t) {
    case ColumnType::integer:
      return "INTEGER";
    case ColumnType::real:
      return "REAL";
    case ColumnType::text:
      return "TEXT";
  }
  return "TEXT";
}

bool same_columns(const std::vector<Column>& a, const std::vector<Column>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Column& x, const Column& y) {
    return x.name == y.name && x.type == y.type;
  });
}

Value text_or_null(const std::string& s) {
  return s.empty() ? Value{} : Value{s};
}
Value known_or_null(int64_t v) {
  return v == -1 ? Value{} : Value{v};
}

}  // namespace

struct CaseDb::Impl {
  struct Table {
    std::vector<Column> columns;
    Statement insert;  // prepared once, reused for every row
  };
  detail::Database db;  // declared first: destroyed after the statements
  std::map<std::string, Table, std::less<>> tables;
  bool read_only = false;

  void declare(std::string_view name, const std::vector<Column>& columns, bool with_id) {
    std::string create = "CREATE TABLE " + sql_name(name) + " (";
    std::string insert = "INSERT INTO " + sql_name(name) + " (";
    std::string params;
    if (with_id) create += "id INTEGER PRIMARY KEY, ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const char* sep = i == 0 ? "" : ", ";
      create += sep + sql_name(columns[i].name) + " " + sql_type(columns[i].type);
      insert += sep + sql_name(columns[i].name);
      params += i == 0 ? "?" : ", ?";
    }
    db.exec(create + ")");
    Table table{columns, db.prepare(insert + ") VALUES (" + params + ")", true)};
    tables.emplace(std::string(name), std::move(table));
  }

  void insert(std::string_view name, std::span<const Value> row) {
    if (read_only) fail(ErrorClass::usage, "case.db was opened read-only");
    auto it = tables.find(name);
    if (it == tables.end())
      fail(ErrorClass::usage, "insert into undeclared table '" + std::string(name) + "'");
    if (row.size() != it->second.columns.size())
      fail(ErrorClass::usage, "insert into '" + std::string(name) +
                                  "': " + std::to_string(row.size()) + " values for " +
                                  std::to_string(it->second.columns.size()) + " columns");
    db.run(it->second.insert, row);
  }
};

CaseDb::CaseDb() : impl_(std::make_unique<Impl>()) {
  impl_->db = detail::Database::open_memory();
  impl_->declare("ppc_schema", {{"key", ColumnType::text}, {"value", ColumnType::text}}, false);
  impl_->insert("ppc_schema", std::vector<Value>{std::string("schema_version"), std::string("1")});
  impl_->declare("files", files_columns(), true);
  impl_->declare("custody", custody_columns(), true);
  impl_->declare("triage_matches", triage_columns(), true);
}

CaseDb::~CaseDb() = default;
CaseDb::CaseDb(CaseDb&&) noexcept = default;
CaseDb& CaseDb::operator=(CaseDb&&) noexcept = default;

CaseDb CaseDb::open_file(const std::string& path, bool writable) {
  CaseDb out;
  auto impl = std::make_unique<Impl>();
  impl->db =
      writable ? detail::Database::open_read_write(path) : detail::Database::open_read_only(path);
  impl->read_only = !writable;
  if (impl->db
          .query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'ppc_schema'", path)
          .empty())
    fail(ErrorClass::payload_malformed, path + ": an SQLite database, but not a case.db");
  auto version = impl->db.query("SELECT value FROM ppc_schema WHERE key = 'schema_version'", path);
  if (version.size() != 1 || version[0].size() != 1 ||
      !std::holds_alternative<std::string>(version[0][0]))
    fail(ErrorClass::payload_malformed, path + ": no schema_version in ppc_schema");
  if (std::get<std::string>(version[0][0]) != "1")
    fail(ErrorClass::unsupported_version, path + ": case.db schema version " +
                                              std::get<std::string>(version[0][0]) +
                                              " (this build reads version 1)");
  out.impl_ = std::move(impl);
  return out;
}

void CaseDb::add_file(const FileRow& r) {
  const Value row[] = {text_or_null(r.path),
                       text_or_null(r.entry),
                       known_or_null(r.size),
                       text_or_null(r.sha256),
                       text_or_null(r.md5),
                       text_or_null(r.sha1),
                       text_or_null(r.status),
                       text_or_null(r.error),
                       r.mtime,
                       r.atime,
                       r.ctime,
                       r.btime,
                       r.mode,
                       known_or_null(r.uid),
                       known_or_null(r.gid),
                       r.inode,
                       r.device,
                       text_or_null(r.artifact)};
  impl_->insert("files", row);
}

void CaseDb::add_custody_event(std::string_view utc, std::string_view event,
                               std::string_view detail_json) {
  const Value row[] = {text_or_null(std::string(utc)), text_or_null(std::string(event)),
                       text_or_null(std::string(detail_json))};
  impl_->insert("custody", row);
}

void CaseDb::add_triage_match(const TriageRow& r) {
  const Value row[] = {text_or_null(r.rule),         text_or_null(r.rule_namespace),
                       text_or_null(r.tags_json),    text_or_null(r.meta_json),
                       text_or_null(r.target_type),  text_or_null(r.path),
                       known_or_null(r.pid),         text_or_null(r.sha256),
                       text_or_null(r.strings_json), text_or_null(r.severity)};
  impl_->insert("triage_matches", row);
}

void CaseDb::create_table(std::string_view name, const std::vector<Column>& columns) {
  std::string n(name);
  if (!valid_name(name) || name.starts_with("sqlite_"))
    fail(ErrorClass::usage, "invalid table name '" + n + "' (use [a-z_][a-z0-9_]*)");
  for (std::string_view fixed : kFixedTables)
    if (name == fixed) fail(ErrorClass::usage, "table name '" + n + "' is reserved");
  if (impl_->read_only) fail(ErrorClass::usage, "case.db was opened read-only");
  if (columns.empty()) fail(ErrorClass::usage, "table '" + n + "' has no columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!valid_name(columns[i].name))
      fail(ErrorClass::usage, "table '" + n + "': invalid column name '" + columns[i].name + "'");
    for (std::size_t j = 0; j < i; ++j)
      if (columns[j].name == columns[i].name)
        fail(ErrorClass::usage, "table '" + n + "': column '" + columns[i].name + "' twice");
  }
  if (auto it = impl_->tables.find(name); it != impl_->tables.end()) {
    if (same_columns(it->second.columns, columns)) return;
    fail(ErrorClass::usage, "table '" + n + "' is already declared with other columns");
  }
  impl_->declare(name, columns, false);
}

void CaseDb::insert(std::string_view table, std::span<const Value> row) {
  impl_->insert(table, row);
}

void CaseDb::drop_table(std::string_view name) {
  std::string n(name);
  if (!valid_name(name) || name.starts_with("sqlite_"))
    fail(ErrorClass::usage, "invalid table name '" + n + "'");
  for (std::string_view fixed : kFixedTables)
    if (name == fixed) fail(ErrorClass::usage, "table name '" + n + "' is reserved");
  if (impl_->read_only) fail(ErrorClass::usage, "case.db was opened read-only");
  impl_->tables.erase(n);  // its prepared insert goes before the table
  impl_->db.exec("DROP TABLE IF EXISTS " + sql_name(name));
}

CaseDb::QueryResult CaseDb::query_guarded(std::string_view sql, uint64_t max_steps) const {
  QueryResult r;
  r.rows = impl_->db.query_guarded(sql, max_steps, r.columns);
  return r;
}

void CaseDb::begin() {
  impl_->db.exec("BEGIN");
}
void CaseDb::commit() {
  impl_->db.exec("COMMIT");
}

std::vector<std::vector<Value>> CaseDb::query(std::string_view sql) const {
  return impl_->db.query(sql, "case.db query");
}

std::vector<std::string> CaseDb::table_names() const {
  std::vector<std::string> names;
  for (auto& row : query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
    names.push_back(std::get<std::string>(row.at(0)));
  return names;
}

std::vector<uint8_t> CaseDb::serialize() const {
  std::vector<uint8_t> copy;
  serialize([&](std::span<const uint8_t> image) { copy.assign(image.begin(), image.end()); });
  return copy;
}

void CaseDb::serialize(const std::function<void(std::span<const uint8_t>)>& use) const {
  auto image = impl_->db.serialize();
  use({image.data.get(), image.size});
}

std::string row_to_json(const std::vector<Column>& columns, std::span<const Value> row) {
  if (columns.size() != row.size())
    fail(ErrorClass::usage, "row_to_json: " + std::to_string(row.size()) + " values for " +
                                std::to_string(columns.size()) + " columns");
  // ordered_json keeps the columns' order, so JSONL lines read like the table.
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    std::visit(
        [&](const auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>)
            object[columns[i].name] = nullptr;
          else
            object[columns[i].name] = v;
        },
        row[i]);
  }
  // Strings from the asset need not be UTF-8: invalid bytes become U+FFFD instead of throwing.
  // The exact bytes stay available in case.db itself.
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ppc
