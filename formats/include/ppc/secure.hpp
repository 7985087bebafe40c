#pragma once
// Byte and string buffers for secrets: wiped (OPENSSL_cleanse) when destroyed or cleared.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ppc {

template <class T>
struct WipingAllocator {
  using value_type = T;
  WipingAllocator() = default;
  template <class U>
  WipingAllocator(const WipingAllocator<U>&) {}
  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n);
  template <class U>
  bool operator==(const WipingAllocator<U>&) const {
    return true;
  }
};

void secure_wipe(void* p, std::size_t n);

template <class T>
void WipingAllocator<T>::deallocate(T* p, std::size_t n) {
  secure_wipe(p, n * sizeof(T));
  std::allocator<T>().deallocate(p, n);
}

using SecureBytes = std::vector<uint8_t, WipingAllocator<uint8_t>>;
// Note: std::basic_string's small-string buffer is inline; SecureString reserves past it so
// that every byte of a secret lives in wiped heap storage.
using SecureString = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;
SecureString make_secure_string(std::string_view s);

}  // namespace ppc
