#pragma once
// Test helpers: deterministic pseudo-random bytes, bytes of a string, and a source that serves a
// string it owns but claims nothing about its size (the writer is told the size, so shrinking and
// growing sources can be faked).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "ppc/io.hpp"

namespace ppc::test {

// Deterministic bytes of every value (a linear congruential generator).
inline std::string pseudo_random_text(std::size_t n, uint32_t seed) {
  std::string s(n, '\0');
  for (auto& c : s) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>(seed >> 24);
  }
  return s;
}

inline std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

struct StringSource : ByteSource {
  std::string content;
  std::size_t pos = 0;
  explicit StringSource(std::string c) : content(std::move(c)) {}
  std::size_t read(std::span<uint8_t> out) override {
    std::size_t n = std::min(out.size(), content.size() - pos);
    std::memcpy(out.data(), content.data() + pos, n);
    pos += n;
    return n;
  }
};

}  // namespace ppc::test
