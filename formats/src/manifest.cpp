#include "manifest.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "ppc/error.hpp"

namespace ppc::detail {
namespace {

using nlohmann::json;

std::string_view type_name(EntryType t) {
  switch (t) {
    case EntryType::file:
      return "file";
    case EntryType::symlink:
      return "symlink";
    case EntryType::directory:
      return "directory";
  }
  return "file";
}

EntryType parse_type(const std::string& s) {
  if (s == "file") return EntryType::file;
  if (s == "symlink") return EntryType::symlink;
  if (s == "directory") return EntryType::directory;
  fail(ErrorClass::payload_malformed, "checkpoint: unknown entry type '" + s + "'");
}

json item_json(const ManifestItem& item) {
  json j;
  if (is_valid_utf8(item.name))
    j["name"] = item.name;
  else
    j["name_b64"] = base64_encode(item.name);
  j["type"] = type_name(item.type);
  j["size"] = item.size;
  j["sha256"] = item.digests.sha256;
  if (!item.digests.md5.empty()) j["md5"] = item.digests.md5;
  if (!item.digests.sha1.empty()) j["sha1"] = item.digests.sha1;
  j["status"] = to_string(item.status);
  return j;
}

// Counts and sizes are JSON unsigned integers. get<uint64_t>() would also convert a float or a
// negative number, and a float beyond 2^64 is undefined behaviour: anything else is malformed.
uint64_t unsigned_field(const json& j, const char* key) {
  const json& v = j.at(key);
  if (!v.is_number_unsigned())
    fail(ErrorClass::payload_malformed,
         std::string("checkpoint: '") + key + "' is not an unsigned integer");
  return v.get<uint64_t>();
}

ManifestItem parse_item(const json& j) {
  ManifestItem item;
  if (j.contains("name_b64"))
    item.name = base64_decode(j.at("name_b64").get<std::string>());
  else
    item.name = j.at("name").get<std::string>();
  item.type = parse_type(j.value("type", "file"));
  item.size = unsigned_field(j, "size");
  item.digests.sha256 = j.at("sha256").get<std::string>();
  item.digests.md5 = j.value("md5", "");
  item.digests.sha1 = j.value("sha1", "");
  auto status = parse_entry_status(j.value("status", "complete"));
  if (!status) fail(ErrorClass::payload_malformed, "checkpoint: unknown entry status");
  item.status = *status;
  return item;
}

}  // namespace

std::string checkpoint_name(uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06llu.jsonl", static_cast<unsigned long long>(sequence));
  return std::string(kCheckpointDir) + buf;
}

std::string serialize_checkpoint(const CheckpointRecord& r) {
  json head = {{"ppc_checkpoint", r.sequence},     {"final", r.final},
               {"prev_sha256", r.prev_sha256},     {"time", r.time_utc},
               {"entries_total", r.entries_total}, {"items", r.items.size()}};
  std::string out = head.dump() + "\n";
  for (const auto& item : r.items) out += item_json(item).dump() + "\n";
  return out;
}

CheckpointRecord parse_checkpoint(std::string_view text) {
  CheckpointRecord r;
  std::size_t line_no = 0, pos = 0, declared_items = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    try {
      json j = json::parse(line);
      if (line_no == 1) {
        r.sequence = unsigned_field(j, "ppc_checkpoint");
        r.final = j.at("final").get<bool>();
        r.prev_sha256 = j.at("prev_sha256").get<std::string>();
        r.time_utc = j.value("time", "");
        r.entries_total = unsigned_field(j, "entries_total");
        declared_items = unsigned_field(j, "items");
      } else {
        r.items.push_back(parse_item(j));
      }
    } catch (const json::exception& e) {
      fail(ErrorClass::payload_malformed,
           "checkpoint line " + std::to_string(line_no) + " does not parse: " + e.what());
    }
  }
  if (line_no == 0 || r.items.size() != declared_items)
    fail(ErrorClass::payload_malformed, "checkpoint is incomplete (item count mismatch)");
  return r;
}

std::vector<uint8_t> signed_message(std::string_view manifest_sha256_hex) {
  static constexpr std::string_view label = "ppc/v1 manifest";
  std::vector<uint8_t> msg(label.begin(), label.end());
  std::array<uint8_t, 32> raw{};
  if (!from_hex(manifest_sha256_hex, raw))
    fail(ErrorClass::signature, "manifest digest is not hex");
  msg.insert(msg.end(), raw.begin(), raw.end());
  return msg;
}

std::string utc_iso(int64_t ns) {
  std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    bool overlong = (n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

std::string base64_encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) fail(ErrorClass::payload_malformed, "bad base64 length");
  std::string out(text.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) fail(ErrorClass::payload_malformed, "bad base64");
  std::size_t len = static_cast<std::size_t>(n);
  if (!text.empty() && text.back() == '=') --len;
  if (text.size() >= 2 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

}  // namespace ppc::detail
