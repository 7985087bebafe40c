#include "imaging.hpp"

#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <set>

#include "image_reader.hpp"
#include "ppc/error.hpp"
#include "utc.hpp"

namespace collector {
namespace {

const std::vector<ppc::Column> kImageColumns = {
    {"name", ppc::ColumnType::text},
    {"entry", ppc::ColumnType::text},
    {"source", ppc::ColumnType::text},
    {"kind", ppc::ColumnType::text},
    {"device_model", ppc::ColumnType::text},
    {"device_serial", ppc::ColumnType::text},
    {"logical_sector_size", ppc::ColumnType::integer},
    {"physical_sector_size", ppc::ColumnType::integer},
    {"size", ppc::ColumnType::integer},
    {"bytes_read", ppc::ColumnType::integer},
    {"md5", ppc::ColumnType::text},
    {"sha1", ppc::ColumnType::text},
    {"sha256", ppc::ColumnType::text},
    {"started_utc", ppc::ColumnType::text},
    {"ended_utc", ppc::ColumnType::text},
    {"read_errors", ppc::ColumnType::integer},
    {"error_bytes", ppc::ColumnType::integer},
    {"status", ppc::ColumnType::text},
    {"note", ppc::ColumnType::text},
};
const std::vector<ppc::Column> kErrorColumns = {
    {"image", ppc::ColumnType::text},     {"offset", ppc::ColumnType::integer},
    {"length", ppc::ColumnType::integer}, {"errno", ppc::ColumnType::integer},
    {"error", ppc::ColumnType::text},
};

// The entry name's part: the device's kernel name (sda1, dm-0) or the file's base name, reduced
// to [A-Za-z0-9._-], unique within the run.
std::string image_name(const PlannedImage& p, std::set<std::string>& taken) {
  std::string base = p.device.kernel_name;
  if (base.empty()) base = p.source.substr(p.source.find_last_of('/') + 1);
  std::string clean;
  for (char c : base)
    clean +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (clean.empty() || clean[0] == '.') clean = "image" + clean;
  std::string name = clean;
  for (int n = 2; !taken.insert(name).second; ++n) name = clean + "_" + std::to_string(n);
  return name;
}

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// "image sda1: 1200 / 4096 MiB, 310 MiB/s, 9 s left" on stderr, at most once a second.
class ImageProgress {
 public:
  ImageProgress(bool enabled, std::string name, uint64_t size, ppc::Clock& clock)
      : enabled_(enabled),
        name_(std::move(name)),
        size_(size),
        clock_(clock),
        start_(clock.monotonic_ns()),
        last_(start_) {}
  void update(uint64_t done) {
    int64_t now = clock_.monotonic_ns();
    if (!enabled_ || now - last_ < 1'000'000'000) return;
    last_ = now;
    double secs = static_cast<double>(now - start_) / 1e9;
    double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    double left = rate > 0 ? static_cast<double>(size_ - done) / rate : 0;
    std::fprintf(stderr, "\r\033[Kimage %s: %s / %s MiB, %s MiB/s, %.0f s left", name_.c_str(),
                 mib(done).c_str(), mib(size_).c_str(), mib(static_cast<uint64_t>(rate)).c_str(),
                 left);
    shown_ = true;
  }
  ~ImageProgress() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  std::string name_;
  uint64_t size_;
  ppc::Clock& clock_;
  int64_t start_, last_;
  bool shown_ = false;
};

ppc::Value text_or_null(const std::string& s) {
  return s.empty() ? ppc::Value{} : ppc::Value{s};
}

nlohmann::json store_one(PlannedImage& p, ppc::PackageWriter& writer, ppc::CaseDb& db, RunLog& log,
                         ppc::Clock& clock, const ImagingHooks& hooks) {
  const asset::BlockSource& d = p.device;
  const std::string entry = "images/" + p.name + ".raw";
  if (d.block_device && asset::device_mounted(d.rdev))
    log.warning("image_source_mounted",
                {{"source", p.source},
                 {"note",
                  "the device is mounted: its image may be inconsistent where it is "
                  "being written"}});
  log.info("image_started", {{"source", p.source}, {"entry", entry}, {"size", d.size}});
  std::string started = utc_iso(clock.now_ns());
  ImageProgress progress(hooks.progress, p.name, d.size, clock);
  ImageReadOptions ro;
  ro.sector = d.logical_sector;
  ro.stop = hooks.stop;
  ro.on_progress = [&](uint64_t done) { progress.update(done); };
  ImageReader reader(d.fd.get(), d.size, ro);
  ppc::EntryMeta meta = produced_entry(entry);
  meta.size = d.size;
  meta.mode = 0440;
  ppc::EntryResult r = writer.add_stream(reader, meta);
  std::string ended = utc_iso(clock.now_ns());
  std::vector<ImageErrorRange> errors = reader.errors();

  uint64_t error_bytes = 0;
  nlohmann::json ranges = nlohmann::json::array();
  for (const ImageErrorRange& e : errors) {
    error_bytes += e.length;
    ranges.push_back({{"offset", e.offset}, {"length", e.length}, {"errno", e.error}});
    db.insert("image_errors", std::vector<ppc::Value>{p.name, static_cast<int64_t>(e.offset),
                                                      static_cast<int64_t>(e.length),
                                                      int64_t{e.error}, std::strerror(e.error)});
  }
  const uint64_t read = reader.bytes_done();
  std::string status = "complete", note;
  if (reader.stopped() || read < d.size) {
    status = "stopped";
    note = "stopped at byte " + std::to_string(read) + " of " + std::to_string(d.size) +
           (hooks.stop_reason ? ": " + hooks.stop_reason() : std::string()) +
           "; the rest of the entry is zeros";
  }
  db.insert("images", std::vector<ppc::Value>{
                          p.name, entry, p.source, d.block_device ? "block-device" : "file",
                          text_or_null(d.model), text_or_null(d.serial), int64_t{d.logical_sector},
                          int64_t{d.physical_sector}, static_cast<int64_t>(d.size),
                          static_cast<int64_t>(read), text_or_null(r.digests.md5),
                          text_or_null(r.digests.sha1), r.digests.sha256, started, ended,
                          static_cast<int64_t>(errors.size()), static_cast<int64_t>(error_bytes),
                          status, text_or_null(note)});
  if (!errors.empty())
    log.source_error("image", p.source,
                     std::to_string(error_bytes) + " unreadable bytes in " +
                         std::to_string(errors.size()) +
                         " ranges, stored as zeros (case.db image_errors)");
  log.info("image_finished", {{"source", p.source},
                              {"entry", entry},
                              {"bytes_read", read},
                              {"sha256", r.digests.sha256},
                              {"read_errors", errors.size()},
                              {"status", status}});
  return {{"name", p.name},
          {"entry", entry},
          {"source", p.source},
          {"device_model", d.model},
          {"device_serial", d.serial},
          {"logical_sector_size", d.logical_sector},
          {"physical_sector_size", d.physical_sector},
          {"size", d.size},
          {"bytes_read", read},
          {"md5", r.digests.md5},
          {"sha1", r.digests.sha1},
          {"sha256", r.digests.sha256},
          {"started_utc", started},
          {"ended_utc", ended},
          {"status", status},
          {"note", note},
          {"error_ranges", ranges}};
}

}  // namespace

std::vector<PlannedImage> plan_images(const std::vector<std::string>& sources,
                                      const std::string& case_dir) {
  std::vector<PlannedImage> out;
  std::set<std::string> taken;
  for (const std::string& source : sources) {
    PlannedImage p;
    p.source = source;
    int err = 0;
    p.device = asset::open_block_source(source, &err);
    if (!p.device.fd)
      throw ppc::Error(ppc::ErrorClass::usage,
                       "--image " + source + ": " +
                           (err == EINVAL ? std::string("neither a block device nor a file")
                                          : std::string(std::strerror(err))));
    if (p.device.block_device && asset::device_holds_path(p.device.rdev, case_dir))
      throw ppc::Error(ppc::ErrorClass::usage,
                       "--image " + source + ": the case directory " + case_dir +
                           " is on this device; write the package to another drive "
                           "(--case-dir)");
    p.name = image_name(p, taken);
    out.push_back(std::move(p));
  }
  return out;
}

nlohmann::json store_images(std::vector<PlannedImage>& images, ppc::PackageWriter& writer,
                            ppc::CaseDb& db, RunLog& log, ppc::Clock& clock,
                            const ImagingHooks& hooks) {
  nlohmann::json all = nlohmann::json::array();
  if (images.empty()) return all;
  db.create_table("images", kImageColumns);
  db.create_table("image_errors", kErrorColumns);
  for (PlannedImage& p : images) {
    if (hooks.stop && hooks.stop()) break;
    all.push_back(store_one(p, writer, db, log, clock, hooks));
  }
  return all;
}

}  // namespace collector
