#pragma once
// Injectable randomness and clock, so packages and test vectors can be made reproducible.
// Production code uses system_random() and system_clock(); tests pass deterministic ones.
#include <cstdint>
#include <span>
#include <string>

namespace ppc {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<uint8_t> out) = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds and nanoseconds since the Unix epoch, UTC.
  virtual int64_t now_ns() = 0;
  // A monotonic reading in nanoseconds (for durations and checkpoint intervals).
  virtual int64_t monotonic_ns() = 0;
};

Random& system_random();  // OpenSSL's RAND_bytes (calls ensure_entropy() first)
Clock& system_clock();

// Where OpenSSL's random generator (every key, nonce, salt and key pair) is seeded from.
struct EntropySource {
  std::string name;  // "getrandom" or "/dev/urandom"
  std::string note;  // why a fallback is in use (empty with getrandom): for the run's log
};
// Makes sure OpenSSL can be seeded, before the first random byte is made: getrandom(2) where
// the kernel has it (Linux >= 3.17), else /dev/urandom once /dev/random has been readable (the
// entropy pool initialised), through a seed source given to OpenSSL. Throws Error(crypto) with
// a one-line "no entropy source: ..." when neither works. Idempotent; thread-safe.
const EntropySource& ensure_entropy();

// Deterministic generator for tests and vectors: a SHA-256 counter stream over the seed.
// Never use it for real packages.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : seed_(seed) {}
  void fill(std::span<uint8_t> out) override;

 private:
  uint64_t seed_;
  uint64_t counter_ = 0;
};

// A clock frozen at a given time that advances by `step_ns` on every reading.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t start_ns, int64_t step_ns = 0) : now_(start_ns), step_(step_ns) {}
  int64_t now_ns() override { return now_ += step_; }
  int64_t monotonic_ns() override { return now_ += step_; }

 private:
  int64_t now_;
  int64_t step_;
};

}  // namespace ppc
