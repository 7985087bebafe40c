// Triage of collected files (collector/src/collected_scan.*): copies are scanned off the
// collecting thread, and the bytes in flight, copies being assembled included, stay within the
// budget (peak RSS).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../../../collector/src/collected_scan.hpp"
#include "../../fixtures/collector/run_support.hpp"

namespace {

using collector::CollectedScanQueue;
using collector::CompiledRules;
using collector_test::TempDir;

constexpr std::size_t kMiB = 1u << 20;

struct Fixture {
  TempDir dir;
  CompiledRules rules = compile();
  std::mutex mu;
  std::vector<ppc::TriageRow> rows;

  CompiledRules compile() {
    std::string path = dir.path() + "/planted.yar";
    std::ofstream(path) << "rule planted { strings: $a = \"PLANTED-MARKER\" condition: $a }\n";
    return CompiledRules::compile({path});
  }
  CollectedScanQueue queue(std::size_t budget) {
    return CollectedScanQueue(rules, 2, collector::ScanOptions{}, budget,
                              [this](const ppc::TriageRow& r) {
                                std::lock_guard lock(mu);
                                rows.push_back(r);
                              });
  }
};

std::vector<uint8_t> bytes_with_marker(std::size_t n, bool marker) {
  std::vector<uint8_t> b(n, 'x');
  if (marker) {
    std::string m = "PLANTED-MARKER";
    std::copy(m.begin(), m.end(), b.begin() + static_cast<std::ptrdiff_t>(n / 2));
  }
  return b;
}

TEST(CollectedScan, ScansCopiesAndAssembledFilesOnItsThreads) {
  Fixture f;
  {
    auto q = f.queue(8 * kMiB);
    auto hit = bytes_with_marker(100000, true), miss = bytes_with_marker(100000, false);
    q.submit("/copied/hit", hit);
    q.submit("/copied/miss", miss);
    ASSERT_TRUE(q.reserve(3 * kMiB));
    q.submit_reserved("/assembled/hit", bytes_with_marker(3 * kMiB, true));
    q.drain();
    EXPECT_EQ(q.files_scanned(), 3u);
    EXPECT_EQ(q.bytes_scanned(), 200000u + 3 * kMiB);
  }
  ASSERT_EQ(f.rows.size(), 2u);
  std::vector<std::string> paths{f.rows[0].path, f.rows[1].path};
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/assembled/hit", "/copied/hit"}));
  for (const auto& r : f.rows) {
    EXPECT_EQ(r.rule, "planted");
    EXPECT_EQ(r.target_type, "collected");
    EXPECT_EQ(r.sha256.size(), 64u) << "a matching file's digest is recorded";
  }
}

TEST(CollectedScan, AReservationHoldsTheBudgetUntilSubmittedOrReleased) {
  Fixture f;
  auto q = f.queue(8 * kMiB);
  ASSERT_TRUE(q.reserve(6 * kMiB));  // a large file's copy being assembled
  std::atomic<bool> queued{false};
  auto data = bytes_with_marker(4 * kMiB, false);
  std::thread submitter([&] {
    q.submit("/next", data);  // 6 + 4 MiB exceed the budget: must wait
    queued = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(queued) << "a copy was queued beyond the budget while another was being assembled";
  q.release(6 * kMiB);  // the assembly was abandoned (the file shrank)
  submitter.join();
  EXPECT_TRUE(queued);
  q.drain();
  EXPECT_EQ(q.files_scanned(), 1u);
  // Scanned copies give their bytes back: a budget-sized reservation fits again at once.
  ASSERT_TRUE(q.reserve(8 * kMiB));
  q.release(8 * kMiB);
}

}  // namespace
