#include "sigma/event.hpp"

#include <algorithm>

namespace sigma {
namespace {

struct ByName {
  bool operator()(const std::pair<std::string, std::string>& f, std::string_view n) const {
    return f.first < n;
  }
  bool operator()(std::string_view n, const std::pair<std::string, std::string>& f) const {
    return n < f.first;
  }
};

}  // namespace

void Event::add(std::string name, std::string value) {
  const auto at =
      std::upper_bound(fields_.begin(), fields_.end(), std::string_view(name), ByName{});
  fields_.emplace(at, std::move(name), std::move(value));
}

void Event::set(std::string_view name, std::string value) {
  const auto [lo, hi] = std::equal_range(fields_.begin(), fields_.end(), name, ByName{});
  fields_.erase(lo, hi);
  add(std::string(name), std::move(value));
}

std::span<const std::pair<std::string, std::string>> Event::values(std::string_view name) const {
  const auto [lo, hi] = std::equal_range(fields_.begin(), fields_.end(), name, ByName{});
  return {lo, hi};
}

const std::string* Event::first(std::string_view name) const {
  const auto v = values(name);
  return v.empty() ? nullptr : &v.front().second;
}

}  // namespace sigma
