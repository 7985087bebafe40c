// Value matching: wildcards and escapes, case rules, null and empty, every modifier.
#include "sigma_support.hpp"

namespace {

using sigma::test::event_of;
using sigma::test::hits;

TEST(SigmaValues, PlainValueIsWholeFieldAndCaseInsensitive) {
  const std::string d = "    sel:\n        Image: /usr/bin/Curl\n    condition: sel\n";
  EXPECT_TRUE(hits(d, event_of({{"Image", "/USR/BIN/curl"}})));
  EXPECT_FALSE(hits(d, event_of({{"Image", "/usr/bin/curl2"}})));
  EXPECT_FALSE(hits(d, event_of({{"image", "/usr/bin/curl"}})));  // field names are exact
}

TEST(SigmaValues, WildcardsAndEscapes) {
  const std::string star = "    sel:\n        F: 'a*c?e'\n    condition: sel\n";
  EXPECT_TRUE(hits(star, event_of({{"F", "abbbcde"}})));
  EXPECT_TRUE(hits(star, event_of({{"F", "acxe"}})));
  EXPECT_FALSE(hits(star, event_of({{"F", "acde2"}})));
  EXPECT_FALSE(hits(star, event_of({{"F", "ace"}})));  // ? needs one character
  const std::string escaped = "    sel:\n        F: 'a\\*b\\?'\n    condition: sel\n";
  EXPECT_TRUE(hits(escaped, event_of({{"F", "a*b?"}})));
  EXPECT_FALSE(hits(escaped, event_of({{"F", "axxbz"}})));
  // \\ is one backslash, and the * after it a wildcard; \d stays a backslash and a d.
  const std::string backslash = "    sel:\n        F: 'c:\\\\*\\dir'\n    condition: sel\n";
  EXPECT_TRUE(hits(backslash, event_of({{"F", "c:\\windows\\dir"}})));
  EXPECT_FALSE(hits(backslash, event_of({{"F", "c:windows\\dir"}})));
}

TEST(SigmaValues, NullAndEmpty) {
  const std::string null = "    sel:\n        F: null\n    condition: sel\n";
  EXPECT_TRUE(hits(null, event_of({{"G", "x"}})));
  EXPECT_TRUE(hits(null, event_of({{"F", ""}})));
  EXPECT_FALSE(hits(null, event_of({{"F", "x"}})));
  const std::string empty = "    sel:\n        F: ''\n    condition: sel\n";
  EXPECT_TRUE(hits(empty, event_of({{"F", ""}})));
  EXPECT_FALSE(hits(empty, event_of({{"G", "x"}})));
  EXPECT_FALSE(hits(empty, event_of({{"F", "x"}})));
}

TEST(SigmaValues, ContainsStartsEndsAll) {
  const std::string d =
      "    sel:\n        A|contains: 'mid'\n        B|startswith: 'Pre'\n"
      "        C|endswith: '/sh'\n        D|contains|all: ['-x', '-y']\n    condition: sel\n";
  const auto good = event_of({{"A", "xxMIDxx"}, {"B", "prefix"}, {"C", "/bin/sh"}, {"D", "-y -x"}});
  EXPECT_TRUE(hits(d, good));
  EXPECT_FALSE(
      hits(d, event_of({{"A", "xxMIDxx"}, {"B", "prefix"}, {"C", "/bin/sh"}, {"D", "-y"}})));
  EXPECT_FALSE(
      hits(d, event_of({{"A", "mi d"}, {"B", "prefix"}, {"C", "/bin/sh"}, {"D", "-x -y"}})));
  EXPECT_FALSE(
      hits(d, event_of({{"A", "mid"}, {"B", "a prefix"}, {"C", "/bin/sh"}, {"D", "-x -y"}})));
  EXPECT_FALSE(hits(d, event_of({{"A", "mid"}, {"B", "pre"}, {"C", "/bin/shx"}, {"D", "-x -y"}})));
}

TEST(SigmaValues, ListsAreOrAndMultiValuedFieldsMatchAnyValue) {
  const std::string d = "    sel:\n        type: [EXECVE, PATH]\n    condition: sel\n";
  EXPECT_TRUE(hits(d, event_of({{"type", "SYSCALL"}, {"type", "path"}})));
  EXPECT_FALSE(hits(d, event_of({{"type", "SYSCALL"}, {"type", "CWD"}})));
}

TEST(SigmaValues, CasedAndRegex) {
  EXPECT_FALSE(
      hits("    s:\n        F|cased: 'Abc'\n    condition: s\n", event_of({{"F", "abc"}})));
  EXPECT_TRUE(hits("    s:\n        F|cased: 'Abc'\n    condition: s\n", event_of({{"F", "Abc"}})));
  const std::string re = "    s:\n        F|re: '\\s-O\\s'\n    condition: s\n";
  EXPECT_TRUE(hits(re, event_of({{"F", "wget -O x"}})));
  EXPECT_FALSE(hits(re, event_of({{"F", "wget -o x"}})));  // re is case-sensitive
  EXPECT_TRUE(
      hits("    s:\n        F|re|i: '^WGET'\n    condition: s\n", event_of({{"F", "wget"}})));
  EXPECT_TRUE(
      hits("    s:\n        F|re: '(?i)^WGET'\n    condition: s\n", event_of({{"F", "wget"}})));
  const std::string m = "    s:\n        F|re|m: '^b$'\n    condition: s\n";
  EXPECT_TRUE(hits(m, event_of({{"F", "a\nb\nc"}})));
  EXPECT_FALSE(
      hits("    s:\n        F|re: '^b$'\n    condition: s\n", event_of({{"F", "a\nb\nc"}})));
  EXPECT_TRUE(hits("    s:\n        F|re|s: 'a.c'\n    condition: s\n", event_of({{"F", "a\nc"}})));
  EXPECT_FALSE(hits("    s:\n        F|re: 'a.c'\n    condition: s\n", event_of({{"F", "a\nc"}})));
}

TEST(SigmaValues, Cidr) {
  const std::string d = "    s:\n        ip|cidr: ['10.0.0.0/8', 'fd00::/8']\n    condition: s\n";
  EXPECT_TRUE(hits(d, event_of({{"ip", "10.200.1.2"}})));
  EXPECT_TRUE(hits(d, event_of({{"ip", "fd12::1"}})));
  EXPECT_FALSE(hits(d, event_of({{"ip", "11.0.0.1"}})));
  EXPECT_FALSE(hits(d, event_of({{"ip", "not-an-ip"}})));
}

TEST(SigmaValues, Base64AndBase64Offset) {
  // base64("/bin/sh") = L2Jpbi9zaA==; at offsets 1 and 2 the text shifts.
  EXPECT_TRUE(hits("    s:\n        F|base64: '/bin/sh'\n    condition: s\n",
                   event_of({{"F", "L2Jpbi9zaA=="}})));
  const std::string off = "    s:\n        F|base64offset|contains: 'bash -i'\n    condition: s\n";
  for (const char* whole : {"echo YmFzaCAtaQ== | base64 -d",  // "bash -i"
                            "eCBiYXNoIC1p",                   // "x bash -i"
                            "eHggYmFzaCAtaQ=="})              // "xx bash -i"
    EXPECT_TRUE(hits(off, event_of({{"F", whole}}))) << whole;
  EXPECT_FALSE(hits(off, event_of({{"F", "ymfzacatAq=="}})));  // base64 is case-sensitive
}

TEST(SigmaValues, Windash) {
  const std::string d = "    s:\n        F|windash|contains: ' -exec '\n    condition: s\n";
  EXPECT_TRUE(hits(d, event_of({{"F", "find . /exec x"}})));
  EXPECT_TRUE(hits(d, event_of({{"F", "find . \u2013exec x"}})));
  EXPECT_TRUE(hits(d, event_of({{"F", "find . -exec x"}})));
  EXPECT_FALSE(hits(d, event_of({{"F", "find . +exec x"}})));
}

TEST(SigmaValues, ExistsCompareFieldref) {
  EXPECT_TRUE(hits("    s:\n        F|exists: true\n    condition: s\n", event_of({{"F", ""}})));
  EXPECT_TRUE(hits("    s:\n        F|exists: false\n    condition: s\n", event_of({{"G", ""}})));
  EXPECT_FALSE(hits("    s:\n        F|exists: true\n    condition: s\n", event_of({{"G", ""}})));
  const std::string gt = "    s:\n        uid|gte: 1000\n        uid|lt: 60000\n    condition: s\n";
  EXPECT_TRUE(hits(gt, event_of({{"uid", "1000"}})));
  EXPECT_FALSE(hits(gt, event_of({{"uid", "999"}})));
  EXPECT_FALSE(hits(gt, event_of({{"uid", "abc"}})));
  const std::string ref = "    s:\n        auid|fieldref: uid\n    condition: s\n";
  EXPECT_TRUE(hits(ref, event_of({{"auid", "0"}, {"uid", "0"}})));
  EXPECT_FALSE(hits(ref, event_of({{"auid", "1000"}, {"uid", "0"}})));
  const std::string ends = "    s:\n        Image|fieldref|endswith: Name\n    condition: s\n";
  EXPECT_TRUE(hits(ends, event_of({{"Image", "/usr/bin/CURL"}, {"Name", "curl"}})));
}

}  // namespace
