// The guarded query behind CaseDb::query_guarded (rules written by someone else run on case.db)
// and the read-write open biunzip triage uses on an extracted folder's case.db.
#include "case_db_sqlite.hpp"

namespace ppc::detail {
namespace {

// Only what a SELECT needs: reading tables and columns, calling functions, recursive CTEs.
int authorize_reads(void*, int action, const char*, const char*, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    default:
      return SQLITE_DENY;
  }
}

constexpr int kStepsPerCall = 1000;

struct Budget {
  uint64_t left = 0;
  bool exceeded = false;
};

int count_steps(void* p) {
  auto* b = static_cast<Budget*>(p);
  if (b->left <= kStepsPerCall) {
    b->exceeded = true;
    return 1;  // interrupts the statement (SQLITE_INTERRUPT)
  }
  b->left -= kStepsPerCall;
  return 0;
}

// Removes the authorizer and progress handler however the query ends.
struct GuardScope {
  sqlite3* db;
  ~GuardScope() {
    sqlite3_set_authorizer(db, nullptr, nullptr);
    sqlite3_progress_handler(db, 0, nullptr, nullptr);
  }
};

}  // namespace

Database Database::open_read_write(const std::string& path) {
  Database d;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  d.db_.reset(raw);
  if (rc != SQLITE_OK) d.fail_here(ErrorClass::io, path);
  if (sqlite3_exec(raw, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK)
    d.fail_here(ErrorClass::io, path);
  d.exec("PRAGMA temp_store = MEMORY");
  return d;
}

std::vector<std::vector<Value>> Database::query_guarded(std::string_view sql, uint64_t max_steps,
                                                        std::vector<std::string>& columns) const {
  sqlite3* db = db_.get();
  GuardScope scope{db};
  sqlite3_set_authorizer(db, authorize_reads, nullptr);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  Statement s(raw);
  if (rc == SQLITE_AUTH)
    fail(ErrorClass::usage, "the query does more than read (" + std::string(sqlite3_errmsg(db)) +
                                "): rules may only SELECT");
  if (rc != SQLITE_OK) fail_here(ErrorClass::usage, "the query does not prepare");
  if (!s) fail(ErrorClass::usage, "empty query");
  std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos)
    fail(ErrorClass::usage, "one statement only");
  if (!sqlite3_stmt_readonly(raw))
    fail(ErrorClass::usage, "the query writes: rules may only SELECT");
  int count = sqlite3_column_count(raw);
  columns.clear();
  for (int i = 0; i < count; ++i) {
    const char* name = sqlite3_column_name(raw, i);
    columns.emplace_back(name ? name : "");
  }
  Budget budget{max_steps, false};
  sqlite3_progress_handler(db, kStepsPerCall, count_steps, &budget);
  std::vector<std::vector<Value>> rows;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < count; ++i) row.push_back(column_value(raw, i));
  }
  if (budget.exceeded)
    fail(ErrorClass::usage,
         "the query ran over its budget of " + std::to_string(max_steps) + " steps");
  if (rc != SQLITE_DONE) fail_here(ErrorClass::usage, "the query failed");
  return rows;
}

}  // namespace ppc::detail
