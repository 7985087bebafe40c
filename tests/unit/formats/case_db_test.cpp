// case.db: schema, round trips, byte-exact non-UTF-8 text, and the serialized file as the real
// sqlite3 CLI sees it.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "ppc/case_db.hpp"
#include "ppc/error.hpp"
#include "scratch_dir.hpp"

namespace {

using namespace ppc;
using ppc::test::run;
using ppc::test::ScratchDir;
using Rows = std::vector<std::vector<Value>>;

const std::string kOddPath = "/home/u/caf\xe9 \xff\xfe.txt";  // Latin-1, not UTF-8

FileRow sample_file() {
  FileRow r;
  r.path = kOddPath;
  r.entry = "files/0001";
  r.size = 1234;
  r.sha256 = std::string(64, 'a');
  r.status = "complete";
  r.mtime = 1700000000;
  r.mode = 0100644;
  r.uid = 1000;
  r.inode = 42;
  r.artifact = "user_files";
  return r;  // md5/sha1/error empty and gid -1: unknown, stored as NULL
}

void expect_usage_error(const std::function<void()>& call, const std::string& text) {
  try {
    call();
    ADD_FAILURE() << "no error; expected usage error with '" << text << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::usage) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(CaseDb, FixedSchemaIsPresent) {
  CaseDb db;
  EXPECT_EQ(db.table_names(),
            (std::vector<std::string>{"custody", "files", "ppc_schema", "triage_matches"}));
  EXPECT_EQ(db.query("SELECT key, value FROM ppc_schema"),
            (Rows{{std::string("schema_version"), std::string("1")}}));
  Rows columns = db.query("SELECT name FROM pragma_table_info('files') ORDER BY cid");
  std::string names;
  for (auto& row : columns) names += std::get<std::string>(row[0]) + " ";
  EXPECT_EQ(names,
            "id path entry size sha256 md5 sha1 status error mtime atime ctime btime mode uid gid "
            "inode device artifact ");
  EXPECT_EQ(db.query("SELECT count(*) FROM pragma_table_info('triage_matches')"),
            (Rows{{int64_t{11}}}));
  EXPECT_EQ(db.query("SELECT count(*) FROM pragma_table_info('custody')"), (Rows{{int64_t{4}}}));
}

TEST(CaseDb, FileRowsRoundTripWithUnknownsAsNull) {
  CaseDb db;
  db.add_file(sample_file());
  Rows rows =
      db.query("SELECT id, path, entry, size, md5, error, mode, uid, gid, btime FROM files");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<Value>{int64_t{1}, kOddPath, std::string("files/0001"),
                                         int64_t{1234}, Value{}, Value{}, int64_t{0100644},
                                         int64_t{1000}, Value{}, int64_t{0}}));
  FileRow unknown_size = sample_file();
  unknown_size.size = -1;
  db.add_file(unknown_size);
  EXPECT_EQ(db.query("SELECT count(*) FROM files WHERE size IS NULL"), (Rows{{int64_t{1}}}));
}

TEST(CaseDb, CustodyAndTriageRoundTrip) {
  CaseDb db;
  db.add_custody_event("2024-05-01T10:00:00Z", "collection_started", R"({"host":"ws1"})");
  TriageRow t;
  t.rule = "Suspicious_Cron";
  t.rule_namespace = "default";
  t.tags_json = R"(["persistence"])";
  t.target_type = "file";
  t.path = "/etc/cron.d/x";
  t.severity = "high";
  db.add_triage_match(t);
  EXPECT_EQ(db.query("SELECT time_utc, event, detail FROM custody"),
            (Rows{{std::string("2024-05-01T10:00:00Z"), std::string("collection_started"),
                   std::string(R"({"host":"ws1"})")}}));
  EXPECT_EQ(db.query("SELECT rule, namespace, tags, meta, path, pid, severity FROM triage_matches"),
            (Rows{{std::string("Suspicious_Cron"), std::string("default"),
                   std::string(R"(["persistence"])"), Value{}, std::string("/etc/cron.d/x"),
                   Value{}, std::string("high")}}));
}

TEST(CaseDb, ArtifactTablesInsertAndQuery) {
  CaseDb db;
  std::vector<Column> columns = {
      {"pid", ColumnType::integer},
      {"name", ColumnType::text},
      {"cpu", ColumnType::real},
      {"order", ColumnType::text}};  // an SQL keyword as a column name still works
  db.create_table("processes", columns);
  db.create_table("processes", columns);  // idempotent
  db.begin();
  for (int64_t pid = 1; pid <= 100; ++pid) {
    std::vector<Value> row = {pid, std::string("proc") + std::to_string(pid), 0.5 * double(pid),
                              Value{}};
    db.insert("processes", row);
  }
  db.commit();
  EXPECT_EQ(db.query("SELECT count(*), sum(pid) FROM processes"),
            (Rows{{int64_t{100}, int64_t{5050}}}));
  EXPECT_EQ(db.query("SELECT pid, name, cpu, \"order\" FROM processes WHERE pid = 3"),
            (Rows{{int64_t{3}, std::string("proc3"), 1.5, Value{}}}));
  EXPECT_EQ(db.table_names().size(), 5u);

  expect_usage_error(
      [&] {
        db.create_table("processes", {{"pid", ColumnType::text}});
      },
      "already declared with other columns");
  expect_usage_error([&] { db.insert("processes", std::vector<Value>{int64_t{1}}); },
                     "1 values for 4 columns");
  expect_usage_error([&] { db.insert("nope", std::vector<Value>{}); }, "undeclared table 'nope'");
  expect_usage_error([&] { db.query("SELEKT 1"); }, "case.db query");
  expect_usage_error([&] { db.query("SELECT 1; SELECT 2"); }, "one statement at a time");
}

TEST(CaseDb, InvalidTableAndColumnNamesAreRefused) {
  CaseDb db;
  std::vector<Column> one = {{"value", ColumnType::text}};
  for (const std::string& name :
       std::vector<std::string>{"Files", "1abc", "a-b", "", "a b", "x;drop table files", "sqlite_x",
                                std::string(65, 'a')})
    expect_usage_error([&] { db.create_table(name, one); }, "invalid table name");
  for (std::string name : {"files", "custody", "triage_matches", "ppc_schema"})
    expect_usage_error([&] { db.create_table(name, one); }, "is reserved");
  expect_usage_error(
      [&] {
        db.create_table("t", {{"Bad", ColumnType::text}});
      },
      "invalid column name 'Bad'");
  expect_usage_error(
      [&] {
        db.create_table("t", {{"a", ColumnType::text}, {"a", ColumnType::integer}});
      },
      "column 'a' twice");
  expect_usage_error([&] { db.create_table("t", {}); }, "no columns");
  EXPECT_EQ(db.table_names().size(), 4u);
}

TEST(CaseDb, NonUtf8TextKeepsItsBytes) {
  CaseDb db;
  std::string with_nul = std::string("a\0b\xc3\x28", 5);  // embedded NUL and a broken sequence
  db.create_table("paths", {{"p", ColumnType::text}});
  db.insert("paths", std::vector<Value>{kOddPath});
  db.insert("paths", std::vector<Value>{with_nul});
  EXPECT_EQ(db.query("SELECT p, length(CAST(p AS BLOB)) FROM paths ORDER BY rowid"),
            (Rows{{kOddPath, int64_t(kOddPath.size())}, {with_nul, int64_t{5}}}));
}

TEST(CaseDb, SerializedFileOpensInTheSqliteCli) {
  ScratchDir dir;
  CaseDb db;
  db.add_file(sample_file());
  db.add_custody_event("2024-05-01T10:00:00Z", "collection_finished", "{}");
  db.create_table("users", {{"name", ColumnType::text}, {"uid", ColumnType::integer}});
  db.insert("users", std::vector<Value>{std::string("alice"), int64_t{1000}});
  dir.write("case.db", db.serialize());
  auto r = run(dir,
               "sqlite3 -readonly case.db 'PRAGMA integrity_check' "
               "'SELECT value FROM ppc_schema' 'SELECT entry, size, gid IS NULL FROM files' "
               "'SELECT name, uid FROM users' 'SELECT hex(path) FROM files'");
  ASSERT_EQ(r.status, 0) << r.output;
  std::string hex_path;
  for (unsigned char c : kOddPath) {
    static const char digits[] = "0123456789ABCDEF";
    hex_path += {digits[c >> 4], digits[c & 15]};
  }
  EXPECT_EQ(r.output, "ok\n1\nfiles/0001|1234|1\nalice|1000\n" + hex_path + "\n");

  CaseDb back = CaseDb::open_file(dir / "case.db");
  EXPECT_EQ(back.query("SELECT path FROM files"), (Rows{{kOddPath}}));
  EXPECT_EQ(back.table_names(), (std::vector<std::string>{"custody", "files", "ppc_schema",
                                                          "triage_matches", "users"}));
  expect_usage_error([&] { back.add_custody_event("t", "e", "{}"); }, "read-only");
}

TEST(CaseDb, OpenFileRefusesOtherFiles) {
  ScratchDir dir;
  dir.write("text.db", std::string(4096, 'x'));
  auto r = run(dir, "sqlite3 plain.db 'CREATE TABLE t(x)'");
  ASSERT_EQ(r.status, 0) << r.output;
  try {
    CaseDb::open_file(dir / "text.db");
    ADD_FAILURE() << "opened a text file";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::io) << e.what();
  }
  try {
    CaseDb::open_file(dir / "plain.db");
    ADD_FAILURE() << "opened a database without ppc_schema";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::payload_malformed) << e.what();
  }
}

TEST(CaseDb, SerializeInsideATransactionIsRefused) {
  CaseDb db;
  db.begin();
  expect_usage_error([&] { db.serialize(); }, "commit first");
  db.commit();
  EXPECT_GT(db.serialize().size(), 0u);
  expect_usage_error(
      [&] {
        db.begin();
        db.serialize([](std::span<const uint8_t>) {});
      },
      "commit first");
}

TEST(CaseDb, SerializeWithoutACopyHandsOverTheSameImage) {
  CaseDb db;
  db.add_custody_event("2026-11-21T00:00:00Z", "collection_started", "{}");
  std::vector<uint8_t> copy = db.serialize();
  std::vector<uint8_t> seen;
  db.serialize([&](std::span<const uint8_t> image) { seen.assign(image.begin(), image.end()); });
  EXPECT_EQ(seen, copy);
  EXPECT_EQ(std::string(seen.begin(), seen.begin() + 15), "SQLite format 3");
}

TEST(RowToJson, ExactOutputInColumnOrder) {
  std::vector<Column> columns = {{"z_last", ColumnType::integer},
                                 {"b", ColumnType::real},
                                 {"a", ColumnType::text},
                                 {"none", ColumnType::text}};
  std::vector<Value> row = {int64_t{-42}, 1.5, std::string("say \"hi\"\n\xc3\xa9"), Value{}};
  EXPECT_EQ(row_to_json(columns, row),
            "{\"z_last\":-42,\"b\":1.5,\"a\":\"say \\\"hi\\\"\\n\xc3\xa9\",\"none\":null}");
}

TEST(RowToJson, InvalidUtf8IsReplacedNotThrown) {
  std::vector<Column> columns = {{"path", ColumnType::text}};
  std::vector<Value> row = {
      std::string("a\xff"
                  "b")};
  EXPECT_EQ(row_to_json(columns, row),
            "{\"path\":\"a\xef\xbf\xbd"
            "b\"}");  // U+FFFD
  expect_usage_error([&] { row_to_json(columns, std::vector<Value>{}); }, "0 values for 1 columns");
}

}  // namespace
