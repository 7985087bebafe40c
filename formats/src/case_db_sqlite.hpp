#pragma once
// Thin RAII layer over the SQLite C API for case_db.cpp (internal): one owner for sqlite3*,
// one for sqlite3_stmt*, and the few operations CaseDb needs. Errors become ppc::Error.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ppc/case_db.hpp"
#include "ppc/error.hpp"

namespace ppc::detail {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One result column as a Value (text and blobs as bytes).
Value column_value(sqlite3_stmt* s, int i);

class Database {
 public:
  // ":memory:" with temp_store=MEMORY: a collection must never write temporary files.
  static Database open_memory();
  // An existing file, SQLITE_OPEN_READONLY; throws Error(io) if it is not an SQLite database.
  static Database open_read_only(const std::string& path);
  // An existing file, SQLITE_OPEN_READWRITE (never created); temp_store=MEMORY.
  static Database open_read_write(const std::string& path);

  void exec(const std::string& sql);  // statements without results (DDL, BEGIN, COMMIT)
  // `persistent` hints SQLite that the statement will be reused many times.
  Statement prepare(std::string_view sql, bool persistent);
  // Binds `values` in order, steps to completion and resets the statement for reuse.
  void run(const Statement& statement, std::span<const Value> values);
  // One statement; every row as Values. Throws Error(usage) for SQL that does not prepare.
  std::vector<std::vector<Value>> query(std::string_view sql, std::string_view what) const;
  // query() with only reads authorized and a budget of VM steps (CaseDb::query_guarded).
  std::vector<std::vector<Value>> query_guarded(std::string_view sql, uint64_t max_steps,
                                                std::vector<std::string>& columns) const;
  // The "main" database's file image, as SQLite allocated it (no copy).
  struct Image {
    std::unique_ptr<unsigned char, void (*)(void*)> data{nullptr, sqlite3_free};
    std::size_t size = 0;
  };
  Image serialize() const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
  [[noreturn]] void fail_here(ErrorClass c, std::string_view what) const;
};

}  // namespace ppc::detail
