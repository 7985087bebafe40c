#include "limits.hpp"

#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>

#include "ppc/error.hpp"
#include "ppc/writer.hpp"

namespace collector {
namespace {

// Reading the process CPU clock sums every thread's time: cheap, but not free. Loops that call
// throttle() per block or per directory entry pay for it at most this often.
constexpr int64_t kCheckEveryNs = 5'000'000;
// Idle time (waiting for a command, a slow disk) earns at most this much wall time of credit,
// so a long pause is not followed by a long burst at full speed.
constexpr int64_t kMaxCreditNs = 200'000'000;

// Linux ioprio ABI (include/uapi/linux/ioprio.h); glibc has no wrapper.
constexpr int kIoprioWhoProcess = 1;
constexpr int kIoprioClassShift = 13;
constexpr int kIoprioClassBestEffort = 2;
constexpr int kIoprioClassIdle = 3;
constexpr int kIoprioLowestLevel = 7;

int64_t clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

std::unique_ptr<CpuThrottle> g_owner;
std::atomic<CpuThrottle*> g_throttle{nullptr};

}  // namespace

int64_t process_cpu_ns() {
  return clock_ns(CLOCK_PROCESS_CPUTIME_ID);
}
int64_t monotonic_ns() {
  return clock_ns(CLOCK_MONOTONIC);
}

CpuThrottle::CpuThrottle(int percent)
    : percent_(percent), window_wall_ns_(monotonic_ns()), window_cpu_ns_(process_cpu_ns()) {}

void CpuThrottle::throttle() {
  if (percent_ <= 0 || percent_ >= 100) return;
  int64_t sleep_ns = 0;
  {
    std::lock_guard lock(mu_);
    int64_t now = monotonic_ns();
    if (now - last_check_ns_ < kCheckEveryNs) return;
    last_check_ns_ = now;
    int64_t wall = now - window_wall_ns_;
    int64_t allowed_wall = (process_cpu_ns() - window_cpu_ns_) * 100 / percent_;
    if (wall - allowed_wall > kMaxCreditNs) window_wall_ns_ += wall - allowed_wall - kMaxCreditNs;
    sleep_ns = allowed_wall - wall;
  }
  if (sleep_ns <= 0) return;
  // A signal (SIGINT, SIGTERM) ends the sleep early: the run is about to stop anyway.
  timespec ts{static_cast<time_t>(sleep_ns / 1'000'000'000),
              static_cast<long>(sleep_ns % 1'000'000'000)};
  int64_t before = monotonic_ns();
  nanosleep(&ts, nullptr);
  paused_ns_.fetch_add(monotonic_ns() - before, std::memory_order_relaxed);
}

void set_cpu_limit(int percent) {
  if (percent <= 0 || percent >= 100) {
    g_throttle.store(nullptr);
    return;
  }
  auto next = std::make_unique<CpuThrottle>(percent);
  g_throttle.store(next.get());
  g_owner = std::move(next);  // set once, before worker threads start
}

void throttle() {
  if (CpuThrottle* t = g_throttle.load(std::memory_order_relaxed)) t->throttle();
}

uint64_t free_bytes(const std::string& dir) {
  struct statvfs v {};
  // Unknown when statvfs fails or reports a file system of 0 blocks (fusefat does).
  if (::statvfs(dir.c_str(), &v) != 0 || v.f_blocks == 0) return UINT64_MAX;
  return static_cast<uint64_t>(v.f_bavail) * v.f_frsize;
}

namespace {
// What storing `bytes` of a file can add at most: the bytes (incompressible data grows by a few
// bytes per zstd block), a pax header of up to a few KiB, AEAD tags of every chunk.
uint64_t worst_case(uint64_t bytes) {
  return bytes == 0 ? 0 : bytes + bytes / 512 + 8192;
}
}  // namespace

std::string RoomGuard::reason(uint64_t package_bytes, uint64_t pending_bytes,
                              uint64_t upcoming) const {
  uint64_t more = pending_bytes + worst_case(upcoming);
  if (max_package_ && package_bytes + more >= max_package_)
    return upcoming ? "the next file would take the package over --max-package-size"
                    : "the package reached --max-package-size";
  if (min_free_ && free_bytes(case_dir_) < min_free_ + more)
    return upcoming
               ? "the next file would take the free space on the case drive below --min-free-space"
               : "free space on the case drive fell below --min-free-space";
  return {};
}

std::string RoomGuard::check(ppc::PackageWriter& writer, uint64_t upcoming) {
  if (!max_package_ && !min_free_) return {};
  uint64_t pending =
      writer.payload_bytes() - payload_at_flush_;  // at most this much more reaches the disk
  if (reason(writer.package_bytes(), pending, upcoming).empty()) return {};
  writer.checkpoint();  // flushes the compressor and seals the chunk: the numbers become exact
  payload_at_flush_ = writer.payload_bytes();
  return reason(writer.package_bytes(), 0, upcoming);
}

double throttled_seconds() {
  CpuThrottle* t = g_throttle.load(std::memory_order_relaxed);
  return t ? static_cast<double>(t->paused_ns()) / 1e9 : 0.0;
}

IoNice parse_io_nice(std::string_view text) {
  if (text == "idle") return IoNice::idle;
  if (text == "best-effort") return IoNice::best_effort;
  throw ppc::Error(ppc::ErrorClass::usage, "--io-nice: '" + std::string(text) +
                                               "' is not an I/O class (idle, best-effort)");
}

void set_io_nice(IoNice level) {
  if (level == IoNice::unchanged) return;
  int value = level == IoNice::idle
                  ? kIoprioClassIdle << kIoprioClassShift
                  : (kIoprioClassBestEffort << kIoprioClassShift) | kIoprioLowestLevel;
  if (::syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, value) != 0)
    throw ppc::Error(ppc::ErrorClass::io,
                     std::string("--io-nice: ioprio_set failed: ") + std::strerror(errno));
}

}  // namespace collector
