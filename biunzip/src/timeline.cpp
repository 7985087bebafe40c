// The timeline query: case.db opened read-only, the folder's custody.log loaded into a TEMP
// table, and one SELECT ... UNION ALL ... ORDER BY over every time column. SQLite's sorter
// spills to temporary files (temp_store=FILE, a small cache), so memory stays bounded.
#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "biunzip/timeline.hpp"
#include "ppc/error.hpp"
#include "timeline_output.hpp"

namespace biunzip {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK)
    ppc::fail(ppc::ErrorClass::io, std::string("case.db: ") + sqlite3_errmsg(db));
  return Stmt(s);
}

void exec(sqlite3* db, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string m = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    ppc::fail(ppc::ErrorClass::io, "case.db: " + m);
  }
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s, i)) : "";
}

std::string quote_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string quote_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// ppc_iso_us(text): parse_iso8601_us, NULL when the text is not ISO 8601.
void iso_us_function(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) return sqlite3_result_null(ctx);
  std::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                        sqlite3_value_bytes(argv[0]));
  if (auto us = parse_iso8601_us(text)) return sqlite3_result_int64(ctx, *us);
  sqlite3_result_null(ctx);
}

Db open_database(const std::string& case_db) {
  sqlite3* raw = nullptr;
  std::string uri = case_db.empty() ? ":memory:" : "file:" + case_db + "?mode=ro";
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
  if (case_db.empty()) flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  // A path with '?' or '#' would be cut by URI parsing: open it as a plain name.
  if (case_db.find_first_of("?#%") != std::string::npos) {
    uri = case_db;
    flags = SQLITE_OPEN_READONLY;
  }
  int rc = sqlite3_open_v2(uri.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK)
    ppc::fail(ppc::ErrorClass::io, case_db + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open"));
  // Sorting millions of bodyfile rows: spill to temporary files beyond a 16 MiB cache.
  exec(db.get(), "PRAGMA temp_store=FILE; PRAGMA cache_size=-16384; PRAGMA temp.cache_size=-16384");
  sqlite3_create_function(db.get(), "ppc_iso_us", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          iso_us_function, nullptr, nullptr);
  // Fails here (not mid-stream) when the file is not an SQLite database.
  exec(db.get(), "SELECT count(*) FROM sqlite_master");
  return db;
}

// custody.log's JSON lines as temp.custody_log; lines that are not JSON objects are skipped.
void load_custody_log(sqlite3* db, const std::string& path) {
  exec(db,
       "CREATE TEMP TABLE custody_log (time TEXT, action TEXT, analyst TEXT, host TEXT, "
       "package TEXT, result TEXT, exit_code INTEGER, line TEXT)");
  if (path.empty()) return;
  std::ifstream in(path);
  if (!in) ppc::fail_errno("cannot read " + path);
  Stmt ins = prepare(db, "INSERT INTO temp.custody_log VALUES (?,?,?,?,?,?,?,?)");
  const char* keys[] = {"time", "action", "analyst", "host", "package", "result"};
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    for (int i = 0; i < 6; ++i) {
      auto it = j.find(keys[i]);
      if (it != j.end() && it->is_string())
        sqlite3_bind_text(ins.get(), i + 1, it->get_ref<const std::string&>().c_str(), -1,
                          SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(ins.get(), i + 1);
    }
    auto code = j.find("exit_code");
    if (code != j.end() && code->is_number_integer())
      sqlite3_bind_int64(ins.get(), 7, code->get<int64_t>());
    else
      sqlite3_bind_null(ins.get(), 7);
    sqlite3_bind_text(ins.get(), 8, line.c_str(), static_cast<int>(line.size()), SQLITE_TRANSIENT);
    sqlite3_step(ins.get());
    sqlite3_reset(ins.get());
  }
}

struct Table {
  std::string schema, name;
  std::vector<ColumnInfo> columns;
};

std::vector<Table> list_tables(sqlite3* db) {
  std::vector<Table> tables;
  for (const char* schema : {"main", "temp"}) {
    std::string master = std::string(schema) == "temp" ? "sqlite_temp_master" : "sqlite_master";
    Stmt s = prepare(db, "SELECT name FROM " + master +
                             " WHERE type='table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                             "AND name != 'ppc_schema' ORDER BY name");
    while (sqlite3_step(s.get()) == SQLITE_ROW)
      tables.push_back({schema, column_text(s.get(), 0), {}});
  }
  for (Table& t : tables) {
    Stmt s = prepare(db, "SELECT name, upper(type) FROM pragma_table_info(" +
                             quote_literal(t.name) + ", " + quote_literal(t.schema) + ")");
    while (sqlite3_step(s.get()) == SQLITE_ROW)
      t.columns.push_back({column_text(s.get(), 0), column_text(s.get(), 1)});
  }
  return tables;
}

std::string time_expression(const TimeColumn& t) {
  std::string c = quote_name(t.column);
  switch (t.unit) {
    case TimeUnit::iso_text:
      return "ppc_iso_us(" + c + ")";
    case TimeUnit::days:
      return "CASE WHEN typeof(" + c + ")='integer' AND " + c + " > 0 THEN " + c +
             " * 86400000000 END";
    case TimeUnit::seconds:
      break;
  }
  std::string value = t.real ? "CAST(" + c + " * 1000000 AS INTEGER)" : c + " * 1000000";
  if (!t.usec_column.empty()) value += " + coalesce(" + quote_name(t.usec_column) + ", 0)";
  return "CASE WHEN typeof(" + c + ") IN ('integer','real') AND " + c + " != 0 THEN " + value +
         " END";
}

std::string range_condition(const std::string& ts, const TimelineOptions& o) {
  std::string cond = ts + " IS NOT NULL";
  if (o.since_us) cond += " AND " + ts + " >= " + std::to_string(*o.since_us);
  if (o.until_us) cond += " AND " + ts + " < " + std::to_string(*o.until_us);
  return cond;
}

// A file table (bodyfile, files): atime, mtime and ctime in seconds. In bodyfile output each
// of its rows is one line carrying all its times, not one line per time.
bool is_file_table(const std::vector<TimeColumn>& times) {
  int n = 0;
  for (const TimeColumn& t : times)
    if (t.unit == TimeUnit::seconds &&
        (t.column == "atime" || t.column == "mtime" || t.column == "ctime"))
      ++n;
  return n == 3;
}

std::string source_name(const Table& t) {
  return t.name;
}

// One SELECT per time column (one per file row in bodyfile output), same result columns:
// ts, source, rowid, time column, description, message.
std::vector<std::string> selects(const Table& t, const TimelineOptions& o) {
  std::vector<TimeColumn> times = time_columns(t.name, t.columns);
  if (times.empty()) return {};
  std::string from = " FROM " + quote_name(t.schema) + "." + quote_name(t.name);
  std::string msg = message_sql(t.name, t.columns);
  std::string src = quote_literal(source_name(t));
  std::vector<std::string> out;
  if (o.format == TimelineFormat::bodyfile && is_file_table(times)) {
    std::string any, first;
    for (const TimeColumn& tc : times) {
      std::string e = time_expression(tc);
      any += (any.empty() ? "(" : " OR (") + range_condition(e, o) + ")";
      first += (first.empty() ? "" : ", ") + e;
    }
    out.push_back("SELECT coalesce(" + first + ") AS ts, " + src +
                  " AS src, rowid AS rid, '' AS col, '' AS descr, " + msg + " AS msg" + from +
                  " WHERE " + any);
    return out;
  }
  for (const TimeColumn& tc : times) {
    std::string inner = "SELECT " + time_expression(tc) + " AS ts, " + src +
                        " AS src, rowid AS rid, " + quote_literal(tc.column) + " AS col, " +
                        quote_literal(tc.description) + " AS descr, " + msg + " AS msg" + from;
    out.push_back("SELECT * FROM (" + inner + ") WHERE " + range_condition("ts", o));
  }
  return out;
}

// Every column of one row, fetched by rowid when its event is written.
class RowFetcher {
 public:
  explicit RowFetcher(sqlite3* db) : db_(db) {}
  nlohmann::ordered_json fetch(const Table& t, int64_t rowid) {
    auto& s = statements_[t.schema + "." + t.name];
    if (!s)
      s = prepare(db_, "SELECT * FROM " + quote_name(t.schema) + "." + quote_name(t.name) +
                           " WHERE rowid = ?");
    sqlite3_stmt* st = s.get();
    sqlite3_bind_int64(st, 1, rowid);
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    if (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const char* name = sqlite3_column_name(st, i);
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_INTEGER:
            row[name] = static_cast<int64_t>(sqlite3_column_int64(st, i));
            break;
          case SQLITE_FLOAT:
            row[name] = sqlite3_column_double(st, i);
            break;
          case SQLITE_NULL:
            row[name] = nullptr;
            break;
          default:
            row[name] = column_text(st, i);
        }
      }
    }
    sqlite3_reset(st);
    return row;
  }

 private:
  sqlite3* db_;
  std::map<std::string, Stmt> statements_;
};

}  // namespace

TimelineCounts write_timeline(const TimelineInput& in, const TimelineOptions& options,
                              ppc::ByteSink& out) {
  Db db = open_database(in.case_db);
  load_custody_log(db.get(), in.custody_log);
  std::vector<Table> tables = list_tables(db.get());
  std::map<std::string, const Table*> by_source;
  std::string sql;
  for (const Table& t : tables) {
    std::vector<std::string> parts = selects(t, options);
    if (parts.empty()) continue;
    by_source[source_name(t)] = &t;
    for (const std::string& p : parts) sql += (sql.empty() ? "" : " UNION ALL ") + p;
  }
  auto writer = make_timeline_writer(options.format, out);
  TimelineCounts counts;
  writer->begin();
  if (!sql.empty()) {
    Stmt s = prepare(db.get(), "SELECT ts, src, rid, col, descr, msg FROM (" + sql +
                                   ") ORDER BY ts, src, rid, col");
    RowFetcher rows(db.get());
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      TimelineEvent e;
      e.us = sqlite3_column_int64(s.get(), 0);
      e.source = column_text(s.get(), 1);
      e.rowid = sqlite3_column_int64(s.get(), 2);
      e.column = column_text(s.get(), 3);
      e.description = column_text(s.get(), 4);
      e.message = column_text(s.get(), 5);
      e.row = rows.fetch(*by_source.at(e.source), e.rowid);
      writer->event(e);
      ++counts[e.source];
    }
    if (rc != SQLITE_DONE)
      ppc::fail(ppc::ErrorClass::io, std::string("case.db: ") + sqlite3_errmsg(db.get()));
  }
  writer->end();
  return counts;
}

}  // namespace biunzip
