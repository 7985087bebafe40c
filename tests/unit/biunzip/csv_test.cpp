// The commercial tool's password list: RFC 4180 parsing and column selection.
#include <gtest/gtest.h>

#include "biunzip/csv.hpp"
#include "ppc/error.hpp"

namespace biunzip {
namespace {

TEST(Csv, PlainRecordsAndLineNumbers) {
  auto rows = parse_csv("a,b,c\n1,2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(rows[1].line, 2u);
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto rows = parse_csv("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nx,,\"\"\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a,b", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"x", "", ""}));
  EXPECT_EQ(rows[1].line, 3u);  // the quoted line break counts
}

TEST(Csv, BomAndBlankLinesAndMissingFinalNewline) {
  auto rows = parse_csv(
      "\xEF\xBB\xBF"
      "File Name,Zip Password\n\n\r\npkg.ppc,pw");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[0], "File Name");
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"pkg.ppc", "pw"}));
}

TEST(Csv, UnclosedQuoteIsAUsageErrorNamingTheLine) {
  try {
    parse_csv("a,b\n\"open,x\n");
    FAIL() << "no error";
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::usage);
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
}

TEST(Csv, TextAfterClosingQuoteIsRefused) {
  EXPECT_THROW(parse_csv("\"a\"b,c\n"), ppc::Error);
}

TEST(PasswordList, ColumnsChosenByHeaderName) {
  PasswordList l = parse_password_list(
      "Case, ZIP PASSWORD ,Notes, file name \n"
      "42,\"p,w\",first,one.ppc\n"
      "43,secret,second,two.zip\n");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0].file_name, "one.ppc");
  EXPECT_EQ(l.entries[0].password, "p,w");
  EXPECT_EQ(l.entries[1].file_name, "two.zip");
  EXPECT_EQ(l.entries[1].password, "secret");
  EXPECT_TRUE(l.problems.empty());
}

TEST(PasswordList, FallsBackToFirstAndLastColumn) {
  PasswordList l = parse_password_list("pkg,comment,pass\na.ppc,x,pa\nb.ppc,y,pb\n");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[1].file_name, "b.ppc");
  EXPECT_EQ(l.entries[1].password, "pb");
}

TEST(PasswordList, EmptyAndDuplicateNamesReportedOneLineEach) {
  PasswordList l =
      parse_password_list("File Name,Zip Password\na.ppc,1\n,2\na.ppc,3\nb.ppc,4\n\"\",5\n");
  ASSERT_EQ(l.entries.size(), 2u);
  EXPECT_EQ(l.entries[0].password, "1");  // the first row of a duplicate wins
  EXPECT_EQ(l.entries[1].file_name, "b.ppc");
  ASSERT_EQ(l.problems.size(), 3u);
  EXPECT_NE(l.problems[0].find("line 3"), std::string::npos) << l.problems[0];
  EXPECT_NE(l.problems[1].find("duplicate"), std::string::npos);
  EXPECT_NE(l.problems[1].find("line 4"), std::string::npos);
}

TEST(PasswordList, ShortRowsHaveEmptyPasswords) {
  PasswordList l = parse_password_list("File Name,Other,Zip Password\nonly.ppc\n");
  ASSERT_EQ(l.entries.size(), 1u);
  EXPECT_EQ(l.entries[0].password, "");
}

// A list without a header row: its first row names a package that exists, so it is a package,
// not a header to skip (the old reading silently dropped it).
TEST(PasswordList, FirstRowNamingAPackageIsNotAHeader) {
  auto is_package = [](const std::string& name) { return name == "one.ppc"; };
  PasswordList list = parse_password_list("one.ppc,pw1\ntwo.ppc,pw2\n", is_package);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].file_name, "one.ppc");
  EXPECT_EQ(list.entries[0].password, "pw1");
  EXPECT_EQ(list.entries[0].line, 1u);
  ASSERT_EQ(list.problems.size(), 1u);
  EXPECT_NE(list.problems[0].find("no header row"), std::string::npos) << list.problems[0];
}

TEST(PasswordList, UnknownHeaderNamingNoPackageStaysAHeader) {
  auto is_package = [](const std::string& name) { return name == "one.ppc"; };
  PasswordList list = parse_password_list("package,secret\none.ppc,pw1\n", is_package);
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].file_name, "one.ppc");
  EXPECT_TRUE(list.problems.empty());
  // A named header is a header even when a file of that name exists.
  auto all = [](const std::string&) { return true; };
  EXPECT_EQ(parse_password_list("File Name,Zip Password\none.ppc,pw1\n", all).entries.size(), 1u);
}

}  // namespace
}  // namespace biunzip
