// SQL rules: loading (what is refused and why) and the guard around their queries (read-only,
// bounded).
#include <gtest/gtest.h>

#include "findings/sql_rules.hpp"
#include "ppc/error.hpp"

namespace {

using findings::load_sql_rules_from_text;

std::string rule(const std::string& query, const std::string& severity = "high") {
  return "id: t1\ntitle: T\nseverity: " + severity +
         "\nattack: {techniques: [T1059], tactics: "
         "[execution]}\nobject_type: file\nquery: \"" +
         query + "\"\n";
}

ppc::CaseDb planted() {
  ppc::CaseDb db;
  db.create_table("users", {{"name", ppc::ColumnType::text}, {"uid", ppc::ColumnType::integer}});
  for (auto [name, uid] : {std::pair{"root", 0}, {"toor", 0}, {"alice", 1000}}) {
    const ppc::Value row[] = {std::string(name), int64_t{uid}};
    db.insert("users", row);
  }
  return db;
}

TEST(SqlRules, LoadsARuleWithItsFields) {
  auto set = load_sql_rules_from_text(rule("SELECT name AS object FROM users"), "r.yaml");
  ASSERT_TRUE(set.issues.empty()) << set.issues[0];
  ASSERT_EQ(set.rules.size(), 1u);
  EXPECT_EQ(set.rules[0].id, "t1");
  EXPECT_EQ(set.rules[0].techniques, "T1059");
  EXPECT_EQ(set.rules[0].tactics, "execution");
  EXPECT_EQ(set.rules[0].file, "r.yaml");
}

TEST(SqlRules, RefusesAtLoadWhatCannotRun) {
  struct Case {
    std::string text, reason;
  } cases[] = {
      {rule("SELECT 1 AS object", "severe"), "severity 'severe'"},
      {"id: x\ntitle: T\nseverity: low\n", "missing query"},
      {rule("DELETE FROM files"), "only SELECT"},
      {rule("UPDATE custody SET event = 1"), "only SELECT"},
      {rule("SELECT 1; SELECT 2"), "one statement"},
      {rule("PRAGMA writable_schema = 1"), "only SELECT"},
      {rule("ATTACH DATABASE '/tmp/x.db' AS x"), "only SELECT"},
      {rule("SELECT 1") + "extra: 1\n", "unknown key 'extra'"},
      {"id: [unclosed\n", "r.yaml"},
  };
  for (const auto& c : cases) {
    auto set = load_sql_rules_from_text(c.text, "r.yaml");
    EXPECT_TRUE(set.rules.empty()) << c.text;
    ASSERT_EQ(set.issues.size(), 1u) << c.text;
    EXPECT_NE(set.issues[0].find(c.reason), std::string::npos) << set.issues[0];
    EXPECT_EQ(set.issues[0].rfind("r.yaml", 0), 0u) << set.issues[0];
  }
}

TEST(SqlRules, FindingsCarryObjectEvidenceAndSource) {
  auto set = load_sql_rules_from_text(
      rule("SELECT name AS object, uid, 'users' AS source_table, rowid AS source_rowid FROM users "
           "WHERE uid = 0 AND name <> 'root'"),
      "r.yaml");
  ASSERT_EQ(set.rules.size(), 1u);
  auto db = planted();
  auto r = findings::run_sql_rules(db, set.rules);
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.findings.size(), 1u);
  const auto& f = r.findings[0];
  EXPECT_EQ(f.engine, "sql");
  EXPECT_EQ(f.object, "toor");
  EXPECT_EQ(f.severity, "high");
  EXPECT_EQ(f.source_table, "users");
  EXPECT_EQ(f.source_rowid, 2);
  EXPECT_EQ(f.evidence, R"({"object":"toor","uid":0,"source_table":"users","source_rowid":2})");
}

TEST(SqlRules, AWriteToAnArtifactTableIsRefusedAtRun) {
  // users does not exist in an empty case.db, so the load-time check cannot see this one.
  auto set = load_sql_rules_from_text(rule("DELETE FROM users"), "r.yaml");
  ASSERT_EQ(set.rules.size(), 1u);
  auto db = planted();
  auto r = findings::run_sql_rules(db, set.rules);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("only SELECT"), std::string::npos) << r.errors[0];
  EXPECT_EQ(db.query("SELECT count(*) FROM users")[0][0], ppc::Value{int64_t{3}});
}

TEST(SqlRules, AQueryOverItsBudgetIsStopped) {
  auto set = load_sql_rules_from_text(
      rule("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT count(*) AS object FROM n"),
      "r.yaml");
  ASSERT_EQ(set.rules.size(), 1u) << (set.issues.empty() ? "" : set.issues[0]);
  auto db = planted();
  auto r = findings::run_sql_rules(db, set.rules, 100'000);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("over its budget"), std::string::npos) << r.errors[0];
  EXPECT_TRUE(r.findings.empty());
}

TEST(SqlRules, ARuleWhoseTableIsMissingIsNotApplicable) {
  auto set = load_sql_rules_from_text(rule("SELECT pid AS object FROM processes"), "r.yaml");
  ASSERT_EQ(set.rules.size(), 1u);
  auto db = planted();
  auto r = findings::run_sql_rules(db, set.rules);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.not_applicable, std::vector<std::string>{"t1"});
}

TEST(SqlRules, TheBuiltInSetLoads) {
  auto set = findings::builtin_sql_rules();
  EXPECT_TRUE(set.issues.empty()) << set.issues[0];
  EXPECT_GE(set.rules.size(), 30u);
  for (const auto& r : set.rules) {
    EXPECT_EQ(r.id.rfind("ppc-sql-", 0), 0u) << r.id;
    EXPECT_FALSE(r.techniques.empty()) << r.id;
    EXPECT_FALSE(r.tactics.empty()) << r.id;
    EXPECT_FALSE(r.object_type.empty()) << r.id;
  }
}

}  // namespace
