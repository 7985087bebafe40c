// The collector's record of an image: case.db's `images` and `image_errors` rows and the case
// fields of custody.json, as `biunzip image` writes them into an E01.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "biunzip/image_export.hpp"
#include "ppc/case_db.hpp"
#include "ppc/custody.hpp"
#include "ppc/error.hpp"

namespace biunzip {
namespace {

std::string text(const ppc::Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return {};
}
uint64_t number(const ppc::Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<uint64_t>(*i);
  return 0;
}

bool plain_name(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

ImageRecord load_image_record(const std::string& dir, const std::string& name) {
  if (!plain_name(name))
    ppc::fail(ppc::ErrorClass::usage, "image name '" + name + "': expected [A-Za-z0-9._-]");
  ppc::CaseDb db = ppc::CaseDb::open_file(dir + "/case.db");
  auto tables = db.table_names();
  if (std::find(tables.begin(), tables.end(), "images") == tables.end())
    ppc::fail(ppc::ErrorClass::usage, dir + ": the package holds no images");
  auto rows = db.query(
      "SELECT name, source, kind, device_model, device_serial, size, bytes_read, "
      "logical_sector_size, md5, sha1, sha256, started_utc, ended_utc, status, note "
      "FROM images WHERE name = '" +
      name + "'");
  if (rows.empty()) ppc::fail(ppc::ErrorClass::usage, dir + ": no image named '" + name + "'");
  const auto& r = rows.front();
  ImageRecord rec;
  rec.name = text(r[0]);
  rec.source = text(r[1]);
  rec.kind = text(r[2]);
  rec.model = text(r[3]);
  rec.serial = text(r[4]);
  rec.size = number(r[5]);
  rec.bytes_read = number(r[6]);
  rec.logical_sector = static_cast<uint32_t>(number(r[7]));
  if (rec.logical_sector == 0) rec.logical_sector = 512;
  rec.md5 = text(r[8]);
  rec.sha1 = text(r[9]);
  rec.sha256 = text(r[10]);
  rec.started_utc = text(r[11]);
  rec.ended_utc = text(r[12]);
  rec.status = text(r[13]);
  rec.note = text(r[14]);
  for (const auto& e : db.query("SELECT offset, length, errno FROM image_errors WHERE image = '" +
                                name + "' ORDER BY offset"))
    rec.errors.push_back({number(e[0]), number(e[1]), static_cast<int>(number(e[2]))});
  std::ifstream in(dir + "/custody.json");
  if (in) {
    std::stringstream all;
    all << in.rdbuf();
    ppc::CustodyRecord c = ppc::custody_from_json(all.str());
    rec.case_id = c.case_info.case_id;
    rec.examiner = c.case_info.examiner;
    rec.organization = c.case_info.organization;
    rec.case_note = c.case_info.note;
  }
  return rec;
}

void check_image_digests(const std::string& dir, ExtractSummary& summary) {
  struct stat st {};
  if (::stat((dir + "/case.db").c_str(), &st) != 0) return;
  try {
    ppc::CaseDb db = ppc::CaseDb::open_file(dir + "/case.db");
    auto tables = db.table_names();
    if (std::find(tables.begin(), tables.end(), "images") == tables.end()) return;
    for (const auto& row : db.query("SELECT entry, sha256 FROM images")) {
      std::string entry = text(row[0]), recorded = text(row[1]);
      for (ExtractedEntry& e : summary.entries) {
        if (e.name != entry) continue;
        if (e.sha256 == recorded) {
          e.note = "image: sha256 equals the source's (case.db images)";
        } else {
          summary.problem(ppc::Error(ppc::ErrorClass::manifest,
                                     entry + ": sha256 " + e.sha256 +
                                         " differs from the source's recorded in case.db (" +
                                         recorded + ")"));
        }
      }
    }
  } catch (const ppc::Error& e) {
    summary.problem(e);
  }
}

}  // namespace biunzip
