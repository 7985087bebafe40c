#pragma once
// case.db: the SQLite database inside every package (docs/FORMAT.md, "case.db").
//
// Built in memory during a collection (nothing touches the asset's disk) and serialized into
// the package at the end. Fixed tables: files (the manifest), custody (events), triage_matches;
// plus one table per structured artifact, declared at run time.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ppc {

using Value = std::variant<std::monostate, int64_t, double, std::string>;

enum class ColumnType { integer, real, text };
struct Column {
  std::string name;
  ColumnType type = ColumnType::text;
};

struct FileRow {
  std::string path;   // original path on the asset (raw bytes)
  std::string entry;  // entry name in the package, empty when not stored
  int64_t size = -1;
  std::string sha256, md5, sha1;
  std::string status;  // EntryStatus names, or "vanished", "unreadable", "skipped:<why>"
  std::string error;   // the error message when not stored
  int64_t mtime = 0, atime = 0, ctime = 0, btime = 0;  // seconds, UTC
  int64_t mode = 0, uid = -1, gid = -1, inode = 0, device = 0;
  std::string artifact;  // which artifact asked for it
};

struct TriageRow {
  std::string rule, rule_namespace, tags_json, meta_json;
  std::string target_type;  // file | process | collected
  std::string path;
  int64_t pid = -1;
  std::string sha256;
  std::string strings_json;  // [{"identifier":…, "offset":…, "data":…}], capped
  std::string severity;
};

class CaseDb {
 public:
  CaseDb();  // in-memory database with the fixed schema
  ~CaseDb();
  CaseDb(CaseDb&&) noexcept;
  CaseDb& operator=(CaseDb&&) noexcept;

  // Opens an existing database file read-only (biunzip), or read-write when `writable` (biunzip
  // triage adds its tables to an extracted folder's case.db).
  static CaseDb open_file(const std::string& path, bool writable = false);

  void add_file(const FileRow& row);
  void add_custody_event(std::string_view utc, std::string_view event,
                         std::string_view detail_json);
  void add_triage_match(const TriageRow& row);

  // Declares an artifact table (idempotent for the same columns). Names must match
  // [a-z_][a-z0-9_]*; throws Error(usage) otherwise.
  void create_table(std::string_view name, const std::vector<Column>& columns);
  void insert(std::string_view table, std::span<const Value> row);
  // Drops a table that is not one of the fixed ones, if it exists (idempotent).
  void drop_table(std::string_view name);

  // One SELECT run under guard, for rules written by someone else: an authorizer allows only
  // reads (SELECT, reading columns, functions, CTEs; no writes, PRAGMA, ATTACH, schema
  // changes), and a progress handler stops it after about `max_steps` virtual-machine steps.
  // Throws Error(usage) naming why: not one statement, not read-only, over budget, bad SQL.
  struct QueryResult {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
  };
  QueryResult query_guarded(std::string_view sql, uint64_t max_steps) const;

  void begin();  // wraps many inserts in one transaction (much faster)
  void commit();

  // Runs a query and returns every row as values (for reports and tests).
  std::vector<std::vector<Value>> query(std::string_view sql) const;
  std::vector<std::string> table_names() const;

  std::vector<uint8_t> serialize() const;  // the database file's bytes (a copy)
  // The same bytes handed to `use` without a copy: case.db grows with the files collected
  // (~190 bytes each) and a copy would double that at the end of a collection.
  void serialize(const std::function<void(std::span<const uint8_t>)>& use) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// JSON text of a Value row keyed by column names (one JSONL line, no newline).
std::string row_to_json(const std::vector<Column>& columns, std::span<const Value> row);

}  // namespace ppc
