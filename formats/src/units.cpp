#include "ppc/units.hpp"

#include <strings.h>
#include <charconv>

namespace ppc {
namespace {

struct Unit {
  const char* name;
  uint64_t bytes;
};

constexpr uint64_t kKi = 1024;
constexpr uint64_t kK = 1000;

// Longest names first is not needed: a unit must match the whole rest of the text.
constexpr Unit kUnits[] = {
    {"", 1},
    {"B", 1},
    {"K", kKi},
    {"M", kKi* kKi},
    {"G", kKi* kKi* kKi},
    {"T", kKi* kKi* kKi* kKi},
    {"KiB", kKi},
    {"MiB", kKi* kKi},
    {"GiB", kKi* kKi* kKi},
    {"TiB", kKi* kKi* kKi* kKi},
    {"KB", kK},
    {"MB", kK* kK},
    {"GB", kK* kK* kK},
    {"TB", kK* kK* kK* kK},
};

std::optional<uint64_t> unit_bytes(std::string_view unit) {
  for (const Unit& u : kUnits) {
    std::string_view name(u.name);
    if (name.size() == unit.size() && ::strncasecmp(name.data(), unit.data(), unit.size()) == 0)
      return u.bytes;
  }
  return std::nullopt;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars would take a leading '-' for a signed type only; checking the first character
  // keeps "+1" and " 1" out as well.
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  uint64_t count = 0;
  auto [rest, ec] = std::from_chars(begin, end, count);
  if (ec != std::errc()) return std::nullopt;  // out of range: more than 64 bits of bytes
  std::string_view unit(rest, static_cast<std::size_t>(end - rest));
  if (unit.starts_with(' ')) {
    unit.remove_prefix(1);
    if (unit.empty()) return std::nullopt;  // "12 " has a space but no unit
  }
  auto bytes = unit_bytes(unit);
  if (!bytes || count > UINT64_MAX / *bytes) return std::nullopt;
  return count * *bytes;
}

std::string not_a_size_message(std::string_view text) {
  return "'" + std::string(text) + "' is not a size (" + std::string(kSizeExamples) + ")";
}

}  // namespace ppc
