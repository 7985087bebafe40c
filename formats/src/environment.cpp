#include "ppc/environment.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>
#include <ctime>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"

namespace ppc {
namespace {

class SystemRandom final : public Random {
 public:
  void fill(std::span<uint8_t> out) override {
    ensure_entropy();
    if (!out.empty() && RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
      fail_openssl("RAND_bytes");
  }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ns() override { return read(CLOCK_REALTIME); }
  int64_t monotonic_ns() override { return read(CLOCK_MONOTONIC); }

 private:
  static int64_t read(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
  }
};

}  // namespace

Random& system_random() {
  static SystemRandom r;
  return r;
}

Clock& system_clock() {
  static SystemClock c;
  return c;
}

void SeededRandom::fill(std::span<uint8_t> out) {
  std::size_t pos = 0;
  while (pos < out.size()) {
    uint8_t block_input[16];
    std::memcpy(block_input, &seed_, 8);
    std::memcpy(block_input + 8, &counter_, 8);
    ++counter_;
    auto block = sha256(block_input);
    std::size_t n = std::min(block.size(), out.size() - pos);
    std::memcpy(out.data() + pos, block.data(), n);
    pos += n;
  }
}

}  // namespace ppc
