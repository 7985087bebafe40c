// Timesketch JSON lines, RFC 4180 CSV, TSK 3 bodyfile and our own JSON lines, one event at a
// time through a small buffer.
#include <cstdio>

#include "biunzip/json_bytes.hpp"
#include "biunzip/text.hpp"
#include "timeline_output.hpp"

namespace biunzip {
namespace {

class BufferedWriter : public TimelineWriter {
 public:
  explicit BufferedWriter(ppc::ByteSink& out) : out_(out) {}
  void end() override { flush(); }

 protected:
  void put(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= 1 << 16) flush();
  }
  void flush() {
    out_.write({reinterpret_cast<const uint8_t*>(buf_.data()), buf_.size()});
    buf_.clear();
  }

 private:
  ppc::ByteSink& out_;
  std::string buf_;
};

// Timesketch's three required fields plus the source row; a column named like one of ours
// is kept as "<table>_<column>".
nlohmann::ordered_json timesketch_object(const TimelineEvent& e) {
  nlohmann::ordered_json j;
  j["message"] = e.message;
  j["datetime"] = iso8601_us(e.us);
  j["timestamp"] = e.us;
  j["timestamp_desc"] = e.description;
  j["data_type"] = "ppc:" + e.source;
  j["source_table"] = e.source;
  j["source_rowid"] = e.rowid;
  j["time_column"] = e.column;
  for (auto& [k, v] : e.row.items()) {
    std::string key = j.contains(k) ? e.source + "_" + k : k;
    j[key] = v;
  }
  return j;
}

class TimesketchWriter final : public BufferedWriter {
 public:
  using BufferedWriter::BufferedWriter;
  void event(const TimelineEvent& e) override { put(dump_line(timesketch_object(e)) + "\n"); }
};

class JsonlWriter final : public BufferedWriter {
 public:
  using BufferedWriter::BufferedWriter;
  void event(const TimelineEvent& e) override {
    nlohmann::ordered_json j;
    j["time"] = iso8601_us(e.us);
    j["time_us"] = e.us;
    j["source"] = e.source;
    j["rowid"] = e.rowid;
    j["column"] = e.column;
    j["description"] = e.description;
    j["message"] = e.message;
    j["row"] = e.row;
    put(dump_line(j) + "\n");
  }
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class CsvWriter final : public BufferedWriter {
 public:
  using BufferedWriter::BufferedWriter;
  void begin() override {
    put("datetime,timestamp,timestamp_desc,message,data_type,source_table,source_rowid,"
        "time_column,fields\r\n");
  }
  void event(const TimelineEvent& e) override {
    std::string line = csv_field(iso8601_us(e.us)) + "," + std::to_string(e.us) + "," +
                       csv_field(e.description) + "," + csv_field(e.message) + "," +
                       csv_field("ppc:" + e.source) + "," + csv_field(e.source) + "," +
                       std::to_string(e.rowid) + "," + csv_field(e.column) + "," +
                       csv_field(dump_line(e.row)) + "\r\n";
    put(line);
  }
};

// Bodyfile fields are '|'-separated, one record a line: neither may appear inside a field.
std::string body_text(std::string_view s) {
  std::string out;
  for (char c : printable(s)) {
    if (c == '|')
      out += "\\x7c";
    else
      out += c;
  }
  return out;
}

int64_t int_field(const nlohmann::ordered_json& row, const char* key, int64_t fallback = 0) {
  auto it = row.find(key);
  return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

std::string text_field(const nlohmann::ordered_json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : "";
}

// st_mode as TSK writes it: "r/rrwxr-xr-x" (type of the name / type and permissions).
std::string mode_string(int64_t mode) {
  char type = '-';
  switch (mode & 0170000) {
    case 0040000:
      type = 'd';
      break;
    case 0120000:
      type = 'l';
      break;
    case 0100000:
      type = 'r';
      break;
    case 0010000:
      type = 'p';
      break;
    case 0140000:
      type = 's';
      break;
    case 0020000:
      type = 'c';
      break;
    case 0060000:
      type = 'b';
      break;
  }
  std::string s = std::string(1, type) + "/" + std::string(1, type);
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i) s += (mode & (0400 >> i)) ? rwx[i] : '-';
  return s;
}

class BodyfileWriter final : public BufferedWriter {
 public:
  using BufferedWriter::BufferedWriter;
  void event(const TimelineEvent& e) override {
    if (e.column.empty()) return file_row(e.row);
    // Any other event: its time as all four, so mactime shows one "macb" line for it.
    int64_t t = e.us >= 0 ? e.us / 1000000 : (e.us - 999999) / 1000000;
    std::string ts = std::to_string(t);
    put("0|" + body_text("[" + e.source + "] " + e.description + ": " + e.message) + "|0|0|0|0|0|" +
        ts + "|" + ts + "|" + ts + "|" + ts + "\n");
  }

 private:
  void file_row(const nlohmann::ordered_json& row) {
    std::string md5 = text_field(row, "md5");
    std::string name = row.contains("name") ? text_field(row, "name") : text_field(row, "path");
    std::string mode = text_field(row, "mode_as_string");
    if (mode.empty()) mode = mode_string(int_field(row, "mode"));
    int64_t crtime = row.contains("crtime") ? int_field(row, "crtime") : int_field(row, "btime");
    put((md5.empty() ? "0" : body_text(md5)) + "|" + body_text(name) + "|" +
        std::to_string(int_field(row, "inode")) + "|" + body_text(mode) + "|" +
        std::to_string(int_field(row, "uid")) + "|" + std::to_string(int_field(row, "gid")) + "|" +
        std::to_string(int_field(row, "size")) + "|" + std::to_string(int_field(row, "atime")) +
        "|" + std::to_string(int_field(row, "mtime")) + "|" +
        std::to_string(int_field(row, "ctime")) + "|" + std::to_string(crtime) + "\n");
  }
};

}  // namespace

std::unique_ptr<TimelineWriter> make_timeline_writer(TimelineFormat format, ppc::ByteSink& out) {
  switch (format) {
    case TimelineFormat::csv:
      return std::make_unique<CsvWriter>(out);
    case TimelineFormat::bodyfile:
      return std::make_unique<BodyfileWriter>(out);
    case TimelineFormat::jsonl:
      return std::make_unique<JsonlWriter>(out);
    case TimelineFormat::timesketch:
      break;
  }
  return std::make_unique<TimesketchWriter>(out);
}

}  // namespace biunzip
