#include "case_db_sqlite.hpp"

#include "ppc/error.hpp"

namespace ppc::detail {

void Database::fail_here(ErrorClass c, std::string_view what) const {
  fail(c, std::string(what) + ": " + (db_ ? sqlite3_errmsg(db_.get()) : "out of memory"));
}

Database Database::open_memory() {
  Database d;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  d.db_.reset(raw);  // owned even on failure: sqlite3_open_v2 may allocate a handle anyway
  if (rc != SQLITE_OK) d.fail_here(ErrorClass::io, "opening the in-memory case.db");
  d.exec("PRAGMA temp_store = MEMORY");
  return d;
}

Database Database::open_read_only(const std::string& path) {
  Database d;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  d.db_.reset(raw);
  if (rc != SQLITE_OK) d.fail_here(ErrorClass::io, path);
  // SQLite reads lazily; touch the schema now so a non-database fails here, with its name.
  if (sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    d.fail_here(ErrorClass::io, path);
  return d;
}

void Database::exec(const std::string& sql) {
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
    fail_here(ErrorClass::io, "case.db: " + sql);
}

Statement Database::prepare(std::string_view sql, bool persistent) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                              persistent ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
  Statement s(raw);
  if (rc != SQLITE_OK) fail_here(ErrorClass::usage, "case.db: " + std::string(sql));
  return s;
}

void Database::run(const Statement& statement, std::span<const Value> values) {
  sqlite3_stmt* s = statement.get();
  for (std::size_t i = 0; i < values.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    const Value& v = values[i];
    int rc = SQLITE_OK;
    if (auto* n = std::get_if<int64_t>(&v))
      rc = sqlite3_bind_int64(s, index, *n);
    else if (auto* d = std::get_if<double>(&v))
      rc = sqlite3_bind_double(s, index, *d);
    // Explicit length: bytes are kept as they are, NULs and invalid UTF-8 included.
    // SQLITE_STATIC is safe: the values outlive the step below and bindings are cleared after.
    else if (auto* t = std::get_if<std::string>(&v))
      rc = sqlite3_bind_text64(s, index, t->data(), t->size(), SQLITE_STATIC, SQLITE_UTF8);
    else
      rc = sqlite3_bind_null(s, index);
    if (rc != SQLITE_OK) fail_here(ErrorClass::io, "case.db bind");
  }
  int rc = sqlite3_step(s);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (rc != SQLITE_DONE) fail_here(ErrorClass::io, "case.db insert");
}

Value column_value(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER:
      return Value{static_cast<int64_t>(sqlite3_column_int64(s, i))};
    case SQLITE_FLOAT:
      return Value{sqlite3_column_double(s, i)};
    case SQLITE_NULL:
      return Value{};
    case SQLITE_BLOB: {
      auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
      return Value{std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)))};
    }
    default: {  // text; _bytes after _text, as SQLite documents
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      return Value{std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)))};
    }
  }
}

std::vector<std::vector<Value>> Database::query(std::string_view sql, std::string_view what) const {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  Statement s(raw);
  if (rc != SQLITE_OK) fail_here(ErrorClass::usage, what);
  if (!s) fail(ErrorClass::usage, std::string(what) + ": empty query");
  std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos)
    fail(ErrorClass::usage, std::string(what) + ": one statement at a time");
  std::vector<std::vector<Value>> rows;
  int columns = sqlite3_column_count(raw);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    auto& row = rows.emplace_back();
    row.reserve(static_cast<std::size_t>(columns));
    for (int i = 0; i < columns; ++i) row.push_back(column_value(raw, i));
  }
  if (rc != SQLITE_DONE) fail_here(ErrorClass::io, what);
  return rows;
}

Database::Image Database::serialize() const {
  if (sqlite3_get_autocommit(db_.get()) == 0)
    fail(ErrorClass::usage, "case.db serialized inside an open transaction (commit first)");
  sqlite3_int64 size = 0;
  Image image;
  image.data.reset(sqlite3_serialize(db_.get(), "main", &size, 0));
  if (!image.data) fail_here(ErrorClass::io, "serializing case.db");
  image.size = static_cast<std::size_t>(size);
  return image;
}

}  // namespace ppc::detail
