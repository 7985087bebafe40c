// Browser history databases read from memory with SQLite (trace_parsers.hpp): Chromium's
// History (urls, downloads) and Firefox's places.sqlite (moz_places, download annotations).
#include <sqlite3.h>

#include <memory>

#include "trace_parsers.hpp"

namespace collector::parsers {
namespace {

// Chromium counts microseconds since 1601-01-01, Firefox since 1970.
constexpr int64_t kWindowsToUnix = 11644473600;

std::optional<int64_t> chromium_time(int64_t us) {
  if (us <= 0) return std::nullopt;
  return us / 1000000 - kWindowsToUnix;
}
std::optional<int64_t> unix_us(int64_t us) {
  if (us <= 0) return std::nullopt;
  return us / 1000000;
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

// SQLite reads the bytes in place and never writes them (READONLY). A WAL-mode database
// (header bytes 18 and 19 = 2, as Firefox writes it) is marked rollback-journal in this copy:
// an in-memory database cannot have a WAL (its pages not yet checkpointed are in the -wal file,
// stored beside it).
Db open_in_memory(std::string& bytes, std::string& error) {
  if (bytes.size() >= 100 && bytes.compare(0, 16, std::string("SQLite format 3\0", 16)) == 0 &&
      bytes[18] == 2 && bytes[19] == 2)
    bytes[18] = bytes[19] = 1;
  sqlite3* raw = nullptr;
  sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr);
  Db db(raw);
  if (!db) return error = "sqlite3_open failed", nullptr;
  auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
  auto size = static_cast<sqlite3_int64>(bytes.size());
  if (sqlite3_deserialize(db.get(), "main", data, size, size, SQLITE_DESERIALIZE_READONLY) !=
      SQLITE_OK)
    return error = sqlite3_errmsg(db.get()), nullptr;
  return db;
}

std::string column_text(sqlite3_stmt* s, int i) {
  auto* t = sqlite3_column_text(s, i);
  return t ? std::string(reinterpret_cast<const char*>(t),
                         static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

// Runs `sql`, calling row(stmt) for each row; false (with error set) when it cannot be prepared,
// which is how a database without that table answers.
template <class F>
bool query(sqlite3* db, const char* sql, std::string& error, F row) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
    sqlite3_finalize(raw);
    return false;
  }
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt(raw);
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) row(stmt.get());
  if (rc != SQLITE_DONE) error = sqlite3_errmsg(db);  // a damaged page: what came before stays
  return true;
}

}  // namespace

BrowserHistory read_chromium_history(std::string bytes) {
  BrowserHistory h;
  Db db = open_in_memory(bytes, h.error);
  if (!db) return h;
  if (!query(db.get(), "SELECT url, title, visit_count, last_visit_time FROM urls ORDER BY id",
             h.error, [&](sqlite3_stmt* s) {
               h.visits.push_back({column_text(s, 0), column_text(s, 1), sqlite3_column_int64(s, 2),
                                   chromium_time(sqlite3_column_int64(s, 3))});
             }))
    return h;
  std::string ignored;  // older or trimmed databases have no downloads tables
  query(db.get(),
        "SELECT (SELECT url FROM downloads_url_chains c WHERE c.id = d.id ORDER BY chain_index "
        "DESC LIMIT 1), target_path, start_time FROM downloads d ORDER BY id",
        ignored, [&](sqlite3_stmt* s) {
          h.downloads.push_back(
              {column_text(s, 0), column_text(s, 1), chromium_time(sqlite3_column_int64(s, 2))});
        });
  return h;
}

BrowserHistory read_firefox_places(std::string bytes) {
  BrowserHistory h;
  Db db = open_in_memory(bytes, h.error);
  if (!db) return h;
  if (!query(db.get(),
             "SELECT url, title, visit_count, last_visit_date FROM moz_places ORDER BY id", h.error,
             [&](sqlite3_stmt* s) {
               h.visits.push_back({column_text(s, 0), column_text(s, 1), sqlite3_column_int64(s, 2),
                                   unix_us(sqlite3_column_int64(s, 3))});
             }))
    return h;
  std::string ignored;
  query(db.get(),
        "SELECT p.url, a.content, a.dateAdded FROM moz_annos a JOIN moz_anno_attributes n ON "
        "n.id = a.anno_attribute_id JOIN moz_places p ON p.id = a.place_id WHERE n.name = "
        "'downloads/destinationFileURI' ORDER BY a.id",
        ignored, [&](sqlite3_stmt* s) {
          std::string target = column_text(s, 1);
          if (target.starts_with("file://")) target.erase(0, 7);
          h.downloads.push_back({column_text(s, 0), target, unix_us(sqlite3_column_int64(s, 2))});
        });
  return h;
}

}  // namespace collector::parsers
