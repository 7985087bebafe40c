// Split packages (docs/FORMAT.md, "Volumes"): a real package written through VolumeSink into
// small volumes must be the single-file package cut in pieces, read back through VolumeSource
// as one package, and salvage of a missing or truncated volume must keep what precedes it and
// resume after it (checkpoints every 150 kB give the reader places to resume).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/reader.hpp"
#include "ppc/sidecar.hpp"
#include "ppc/volumes.hpp"
#include "ppc/writer.hpp"
#include "scratch_dir.hpp"
#include "string_source.hpp"

namespace {

using namespace ppc;
using ppc::test::pseudo_random_text;
using ppc::test::ScratchDir;
using ppc::test::StringSource;

constexpr uint64_t kVolume = 200000;  // not a multiple of the 64 KiB chunk: volumes cut chunks

struct Written {
  std::string first;                        // NAME.ppc
  std::vector<VolumeInfo> volumes;          // as the sink reports them
  std::map<std::string, std::string> data;  // entry name -> bytes
  FinishResult finished;
};

// Writes 30 entries of 40 kB of incompressible bytes (about 1.2 MB: six volumes) in `sink`.
void write_entries(ByteSink& sink, std::map<std::string, std::string>& data, FinishResult& fin) {
  static SeededRandom rng(11);
  static FixedClock clock(1763710000'000000000);
  WriterOptions o;
  o.encrypt = false;
  o.random = &rng;
  o.clock = &clock;
  o.zstd_workers = 0;
  o.checkpoint_bytes = 150000;
  o.sync_at_checkpoints = false;
  PackageWriter w(sink, o);
  for (int i = 0; i < 30; ++i) {
    EntryMeta m;
    m.name = "e" + std::to_string(100 + i);
    m.size = 40000;
    m.mode = 0644;
    data[m.name] = pseudo_random_text(m.size, static_cast<uint32_t>(i) + 1);
    StringSource src(data[m.name]);
    w.add_stream(src, m);
  }
  fin = w.finish();
}

Written write_split(const ScratchDir& dir, uint64_t volume_bytes = kVolume) {
  Written out;
  out.first = dir / "case_host_20260101T000000Z.ppc";
  int fd = ::open(out.first.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  EXPECT_GE(fd, 0);
  VolumeSink sink(fd, out.first, volume_bytes);
  write_entries(sink, out.data, out.finished);
  out.volumes = sink.close();
  return out;
}

std::string file_bytes(const std::string& path) {
  std::vector<uint8_t> b = read_file(path);
  return {b.begin(), b.end()};
}

struct Collect : EntryVisitor {
  std::map<std::string, std::string> bytes;
  std::map<std::string, Verification> verdicts;
  std::string current;
  void begin(const EntryInfo& info) override {
    current = info.meta.name;
    bytes[current].clear();
  }
  void data(std::span<const uint8_t> b) override {
    bytes[current].append(reinterpret_cast<const char*>(b.data()), b.size());
  }
  void end(const EntryOutcome& o) override { verdicts[o.info.meta.name] = o.verification; }
};

ReadReport read_volumes(const std::string& first, bool salvage, Collect& c) {
  VolumeSource src(find_volumes(first), salvage);
  ReadOptions o;
  o.salvage = salvage;
  return read_package(src, o, c);
}

// The entries read intact and equal to what was written.
std::size_t intact(const Collect& c, const Written& w) {
  std::size_t n = 0;
  for (auto& [name, bytes] : c.bytes) {
    auto v = c.verdicts.find(name);
    if (v != c.verdicts.end() && v->second != Verification::incomplete &&
        v->second != Verification::mismatch && w.data.at(name) == bytes)
      ++n;
  }
  return n;
}

TEST(Volumes, NamesHaveThreeDigitsAtLeast) {
  EXPECT_EQ(volume_path("d/x.ppc", 1), "d/x.ppc");
  EXPECT_EQ(volume_path("d/x.ppc", 2), "d/x.ppc.002");
  EXPECT_EQ(volume_path("d/x.ppc", 999), "d/x.ppc.999");
  EXPECT_EQ(volume_path("d/x.ppc", 1000), "d/x.ppc.1000");
}

TEST(Volumes, ConcatenationIsTheSingleFilePackage) {
  ScratchDir dir;
  Written w = write_split(dir);
  ASSERT_EQ(w.volumes.size(), (w.finished.package_bytes + kVolume - 1) / kVolume);
  ASSERT_GE(w.volumes.size(), 5u);
  std::string whole;
  for (std::size_t i = 0; i < w.volumes.size(); ++i) {
    const VolumeInfo& v = w.volumes[i];
    EXPECT_EQ(v.path, volume_path(w.first, static_cast<uint32_t>(i + 1)));
    std::string bytes = file_bytes(v.path);
    EXPECT_EQ(bytes.size(), v.bytes);
    if (i + 1 < w.volumes.size()) {
      EXPECT_EQ(v.bytes, kVolume) << v.path;
    }
    EXPECT_GT(v.bytes, 0u);
    EXPECT_EQ(v.sha256, sha256(test::as_bytes(bytes))) << v.path;
    whole += bytes;
  }
  EXPECT_FALSE(
      std::filesystem::exists(volume_path(w.first, static_cast<uint32_t>(w.volumes.size() + 1))));
  EXPECT_EQ(whole.size(), w.finished.package_bytes);
  EXPECT_EQ(sha256(test::as_bytes(whole)), w.finished.package_sha256);

  // The same entries into one file make a package of the same size: only the container differs.
  ScratchDir one;
  Written single = write_split(one, 0);
  ASSERT_EQ(single.volumes.size(), 1u);
  EXPECT_EQ(file_bytes(single.first).size(), whole.size());
}

TEST(Volumes, ReadBackAsOnePackage) {
  ScratchDir dir;
  Written w = write_split(dir);
  VolumeSet set = find_volumes(w.first);
  EXPECT_EQ(set.count, w.volumes.size());
  EXPECT_EQ(set.volume_bytes, kVolume);
  EXPECT_TRUE(set.problems.empty());
  EXPECT_EQ(set.bytes_present, w.finished.package_bytes);
  Collect c;
  VolumeSource src(set, false);
  ReadReport r = read_package(src, {}, c);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.entries, 30u);
  EXPECT_EQ(intact(c, w), 30u);
  EXPECT_EQ(r.package_sha256, w.finished.package_sha256);
  ASSERT_EQ(src.volumes_read().size(), w.volumes.size());
  for (std::size_t i = 0; i < w.volumes.size(); ++i)
    EXPECT_EQ(src.volumes_read()[i].sha256, w.volumes[i].sha256);
}

TEST(Volumes, SidecarsHashEachVolumeAndTheWhole) {
  ScratchDir dir;
  Written w = write_split(dir);
  write_sidecars(w.first, w.finished, CustodyRecord{}, 0, w.volumes);
  std::string sums = file_bytes(w.first + ".sha256");
  for (const VolumeInfo& v : w.volumes) {
    std::string name = v.path.substr(v.path.rfind('/') + 1);
    EXPECT_EQ(parse_sha256sum(sums, name), to_hex(v.sha256)) << name;
  }
  EXPECT_EQ(test::run(dir, "sha256sum -c --quiet *.ppc.sha256").status, 0);
  std::string log = file_bytes(run_log_path(w.first));
  EXPECT_NE(log.find(to_hex(w.finished.package_sha256)), std::string::npos);
  EXPECT_NE(log.find("\"volumes\""), std::string::npos);
  // The sidecar also tells how many volumes there were: a missing last one is noticed.
  std::filesystem::remove(w.volumes.back().path);
  VolumeSet set = find_volumes(w.first);
  EXPECT_EQ(set.count, w.volumes.size());
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0].kind, VolumeProblem::Kind::missing);
  EXPECT_EQ(set.problems[0].index, w.volumes.size());
}

TEST(Volumes, MissingVolumeFailsNamingIt) {
  ScratchDir dir;
  Written w = write_split(dir);
  std::filesystem::remove(volume_path(w.first, 3));
  VolumeSet set = find_volumes(w.first);
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0].index, 3u);
  EXPECT_EQ(set.problems[0].offset, 2 * kVolume);
  Collect c;
  try {
    read_volumes(w.first, false, c);
    FAIL() << "read a package with a missing volume";
  } catch (const Error& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::truncated);
    EXPECT_NE(std::string(e.what()).find(".ppc.003 is missing"), std::string::npos) << e.what();
  }
}

TEST(Volumes, SalvageOfMissingVolumeKeepsBothSides) {
  ScratchDir dir;
  Written w = write_split(dir);
  std::filesystem::remove(volume_path(w.first, 3));
  Collect c;
  ReadReport r = read_volumes(w.first, true, c);
  EXPECT_FALSE(r.complete);
  ASSERT_FALSE(r.damaged.empty());
  const DamagedRange& gap = r.damaged.front();
  EXPECT_LE(gap.offset, 2 * kVolume);
  EXPECT_TRUE(gap.resumed) << "reading did not resume after the missing volume";
  // Entries entirely before the gap and after the first checkpoint following it come back.
  std::size_t before = 0, after = 0;
  for (auto& [name, v] : c.verdicts) {
    if (v == Verification::incomplete || w.data.at(name) != c.bytes[name]) continue;
    int index = std::stoi(name.substr(1)) - 100;
    (static_cast<uint64_t>(index + 1) * 40000 < 2 * kVolume ? before : after) += 1;
  }
  EXPECT_GE(before, 8u);  // about 400 kB of entries precede the gap, less tar headers
  EXPECT_GE(after, 10u);
  EXPECT_LT(intact(c, w), 30u);
}

TEST(Volumes, TruncatedVolumeIsPaddedForSalvage) {
  ScratchDir dir;
  Written w = write_split(dir);
  std::string v2 = volume_path(w.first, 2);
  ASSERT_EQ(::truncate(v2.c_str(), 50000), 0);
  VolumeSet set = find_volumes(w.first);
  ASSERT_EQ(set.problems.size(), 1u);
  EXPECT_EQ(set.problems[0].kind, VolumeProblem::Kind::truncated);
  EXPECT_EQ(set.problems[0].bytes_present, 50000u);
  EXPECT_NE(describe(set.problems[0]).find("50000 of 200000 bytes"), std::string::npos);
  Collect strict;
  EXPECT_THROW(read_volumes(w.first, false, strict), Error);
  Collect c;
  ReadReport r = read_volumes(w.first, true, c);
  ASSERT_FALSE(r.damaged.empty());
  EXPECT_TRUE(r.damaged.front().resumed);
  EXPECT_GE(intact(c, w), 15u);
  // The bytes of the later volumes stayed where they belong: the last entry is back.
  EXPECT_EQ(c.bytes["e129"], w.data["e129"]);
}

TEST(Volumes, WritingNeverOverwritesAVolume) {
  ScratchDir dir;
  std::string first = dir / "x.ppc";
  dir.write("x.ppc.002", "someone else's");
  int fd = ::open(first.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  VolumeSink sink(fd, first, kMinVolumeBytes);
  std::vector<uint8_t> block(kMinVolumeBytes + 10, 7);
  EXPECT_THROW(sink.write(block), Error);
  EXPECT_EQ(file_bytes(dir / "x.ppc.002"), "someone else's");
}

}  // namespace
