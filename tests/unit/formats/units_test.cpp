// ppc::parse_size: the one size grammar of both tools (docs/USAGE.md, "Sizes").
#include <gtest/gtest.h>

#include "ppc/units.hpp"

namespace {

using ppc::parse_size;

TEST(ParseSize, PlainBytes) {
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("100"), 100u);
  EXPECT_EQ(parse_size("100B"), 100u);
  EXPECT_EQ(parse_size("100 B"), 100u);
  EXPECT_EQ(parse_size("18446744073709551615"), UINT64_MAX);
}

TEST(ParseSize, BinaryUnitsArePowersOf1024) {
  EXPECT_EQ(parse_size("512K"), 512u << 10);
  EXPECT_EQ(parse_size("512KiB"), 512u << 10);
  EXPECT_EQ(parse_size("64M"), 64ull << 20);
  EXPECT_EQ(parse_size("64MiB"), 64ull << 20);
  EXPECT_EQ(parse_size("2G"), 2ull << 30);
  EXPECT_EQ(parse_size("2GiB"), 2ull << 30);
  EXPECT_EQ(parse_size("1T"), 1ull << 40);
  EXPECT_EQ(parse_size("1TiB"), 1ull << 40);
}

TEST(ParseSize, DecimalUnitsArePowersOf1000) {
  EXPECT_EQ(parse_size("5KB"), 5000u);
  EXPECT_EQ(parse_size("5MB"), 5000000u);
  EXPECT_EQ(parse_size("5GB"), 5000000000u);
  EXPECT_EQ(parse_size("5TB"), 5000000000000u);
}

TEST(ParseSize, UnitsAreCaseInsensitiveWithOneOptionalSpace) {
  EXPECT_EQ(parse_size("64mib"), 64ull << 20);
  EXPECT_EQ(parse_size("64 MiB"), 64ull << 20);
  EXPECT_EQ(parse_size("512k"), 512u << 10);
  EXPECT_EQ(parse_size("5mb"), 5000000u);
  EXPECT_EQ(parse_size("5 Mb"), 5000000u);
  EXPECT_EQ(parse_size("7b"), 7u);
}

TEST(ParseSize, RefusesWhatIsNotASize) {
  for (const char* bad : {"", " ", "MiB", "-1", "+1", " 1", "1 ", "1  MiB", "1.5G", "1,5G", "1e3",
                          "0x10", "12 parsecs", "1Q", "1PiB", "1KiBB", "lots", "1 K B"})
    EXPECT_FALSE(parse_size(bad)) << "'" << bad << "'";
}

TEST(ParseSize, RefusesOverflow) {
  EXPECT_FALSE(parse_size("18446744073709551616"));
  EXPECT_FALSE(parse_size("99999999999TiB"));
  EXPECT_FALSE(parse_size("16777216T"));  // exactly 2^64
  EXPECT_EQ(parse_size("16777215T"), 16777215ull << 40);
  EXPECT_FALSE(parse_size("18446744073709552KB"));
}

TEST(ParseSize, ErrorMessageQuotesTheText) {
  EXPECT_EQ(ppc::not_a_size_message("big").rfind("'big' is not a size (", 0), 0u);
}

}  // namespace
