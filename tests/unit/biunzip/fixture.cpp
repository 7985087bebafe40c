#include "fixture.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "biunzip/run.hpp"
#include "ppc/case_db.hpp"
#include "ppc/custody.hpp"
#include "ppc/environment.hpp"
#include "ppc/error.hpp"
#include "ppc/io.hpp"

namespace biunzip_test {
namespace {

constexpr int64_t kTime = 1714564800;  // 2024-05-01T12:00:00Z

ppc::EntryMeta meta(const std::string& name, uint32_t mode = 0644) {
  ppc::EntryMeta m;
  m.name = name;
  m.mode = mode;
  m.uid = 1000;
  m.gid = 1000;
  m.mtime = ppc::Timestamp{kTime - 3600, 0};
  return m;
}

const std::vector<std::string>& evidence_names() {
  static const std::vector<std::string> names = {"files/etc/passwd", "files/var/log/auth.log",
                                                 kHostileName, kBinaryName, "files/usr/bin/sudo"};
  return names;
}

std::vector<uint8_t> sample_case_db() {
  ppc::CaseDb db;
  db.begin();
  for (const std::string& name : evidence_names()) {
    ppc::FileRow r;
    r.path = "/" + name.substr(6);
    r.entry = name;
    r.size = static_cast<int64_t>(sample_content(name).size());
    r.sha256 =
        ppc::to_hex(ppc::sha256({reinterpret_cast<const uint8_t*>(sample_content(name).data()),
                                 sample_content(name).size()}));
    r.status = "complete";
    r.mtime = kTime - 3600;
    r.mode = 0644;
    r.artifact = "system_files";
    db.add_file(r);
  }
  ppc::FileRow missing;
  missing.path = "/etc/shadow";
  missing.status = "unreadable";
  missing.error = "Permission denied <b>bold</b>";
  missing.artifact = "system_files";
  db.add_file(missing);
  db.add_custody_event("2024-05-01T12:00:00Z", "collection_started", R"({"profile":"quick"})");
  db.add_custody_event("2024-05-01T12:05:00Z", "collection_finished", R"({"files":5})");
  const char* severities[] = {"low", "critical", "medium", "high"};
  for (int i = 0; i < 4; ++i) {
    ppc::TriageRow t;
    t.rule = "rule_" + std::string(severities[i]);
    t.rule_namespace = "default";
    t.target_type = "file";
    t.path = i == 1 ? std::string("/tmp/<script>alert(1)</script>.txt") : "/etc/passwd";
    t.severity = severities[i];
    db.add_triage_match(t);
  }
  db.create_table("processes", {{"pid", ppc::ColumnType::integer},
                                {"ppid", ppc::ColumnType::integer},
                                {"name", ppc::ColumnType::text},
                                {"cmdline", ppc::ColumnType::text}});
  std::vector<ppc::Value> p1 = {int64_t{1}, int64_t{0}, std::string("systemd"),
                                std::string("/sbin/init")};
  std::vector<ppc::Value> p2 = {int64_t{4242}, int64_t{1}, std::string("nc"),
                                std::string("nc -e /bin/sh <img src=x onerror=alert(2)>")};
  db.insert("processes", p1);
  db.insert("processes", p2);
  db.create_table("network_connections", {{"protocol", ppc::ColumnType::text},
                                          {"local_address", ppc::ColumnType::text},
                                          {"local_port", ppc::ColumnType::integer},
                                          {"remote_address", ppc::ColumnType::text},
                                          {"remote_port", ppc::ColumnType::integer},
                                          {"state", ppc::ColumnType::text},
                                          {"pid", ppc::ColumnType::integer}});
  std::vector<ppc::Value> n1 = {
      std::string("tcp"), std::string("10.0.0.5"),    int64_t{22},  std::string("203.0.113.9"),
      int64_t{51515},     std::string("ESTABLISHED"), int64_t{4242}};
  db.insert("network_connections", n1);
  db.commit();
  return db.serialize();
}

// A custody record as the collector writes it (ppc::CustodyRecord, FORMAT.md "The custody record").
std::string custody_json() {
  ppc::CustodyRecord r;
  r.case_info = {"IR-2024-0042", "jdoe-examiner", "CERT", ""};
  r.asset_json = R"({"hostname":"web01.example","os":"Debian 12","machine_id":"0123456789abcdef"})";
  r.tool_json = R"({"version":"0.1.0","commit":"abc123"})";
  r.profile_name = "quick";
  r.started_utc = "2024-05-01T12:00:00Z";
  r.ended_utc = "2024-05-01T12:05:00Z";
  r.package = {"sample.ppc", true, {"passphrase"}, "sha256"};
  return ppc::custody_to_json(r);
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "biunzip_test.XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Extracted directories may be read-only: make them writable before removing.
  for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0700);
  }
  std::filesystem::remove_all(path_, ec);
}

std::string random_content(int index) {
  ppc::SeededRandom r(1000 + static_cast<uint64_t>(index));
  std::string out(96 * 1024, '\0');
  r.fill({reinterpret_cast<uint8_t*>(out.data()), out.size()});
  return out;
}

std::string sample_content(const std::string& entry_name) {
  if (entry_name == "files/etc/passwd") return "root:x:0:0:root:/root:/bin/bash\n";
  return "evidence of " + entry_name + "\n";
}

ppc::FinishResult write_sample_package(const std::string& path, const PackageSpec& spec) {
  ppc::SeededRandom random(spec.seed);
  ppc::FixedClock clock(kTime * 1'000'000'000, 1'000'000);
  ppc::WriterOptions o;
  o.recipients = spec.recipients;
  if (o.recipients.empty()) {
    o.recipients.emplace_back(
        ppc::PassphraseRecipient{ppc::make_secure_string(kPassphrase), ppc::kMinScryptLog2N});
  }
  o.zstd_workers = 0;
  o.random = &random;
  o.clock = &clock;
  o.signing_key = spec.signing_key;
  o.checkpoint_bytes = spec.checkpoint_bytes;
  o.buffer_bytes = spec.buffer_bytes;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) ppc::fail_errno("test package " + path);
  ppc::FdSink sink(fd, path);
  ppc::PackageWriter w(sink, o);
  for (const std::string& name : evidence_names()) {
    w.add_text(meta(name, name == "files/usr/bin/sudo" ? 04755 : 0644), sample_content(name));
  }
  w.add_symlink([&] {
    ppc::EntryMeta l = meta("files/etc/localtime", 0777);
    l.type = ppc::EntryType::symlink;
    l.symlink_target = "/usr/share/zoneinfo/UTC";
    return l;
  }());
  for (int i = 0; i < spec.random_files; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "files/random/%03d.bin", i);
    w.add_text(meta(name), random_content(i));
  }
  w.add_text(meta("live/processes/processes.jsonl"), "{\"pid\":1,\"name\":\"systemd\"}\n");
  if (spec.hostile) {
    w.add_text(meta("../escape.txt"), "escaped\n");
    w.add_text(meta("/tmp/biunzip-absolute-escape.txt"), "escaped\n");
    w.add_text(meta("custody.log"), "{\"forged\":true}\n");
    ppc::EntryMeta link = meta("files/evil", 0777);
    link.type = ppc::EntryType::symlink;
    link.symlink_target = "/etc";
    w.add_symlink(link);
    w.add_text(meta("files/evil/cron.d/job"), "through the link\n");
    ppc::EntryMeta here = meta("files/here", 0777);
    here.type = ppc::EntryType::symlink;
    here.symlink_target = ".";
    w.add_symlink(here);
    w.add_text(meta("files/here/via-link.txt"), "through an inside link\n");
  }
  std::vector<uint8_t> db = sample_case_db();
  w.add_bytes(meta("case.db"), db);
  w.add_text(meta("custody.json"), custody_json());
  w.add_text(meta("collection.log"), "12:00:00 started\n12:05:00 finished\n");
  ppc::FinishResult r = w.finish();
  ::close(fd);
  return r;
}

CliResult run_cli(const std::vector<std::string>& args) {
  std::vector<std::string> storage = {"biunzip"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  CliResult r;
  try {
    r.code = biunzip::run(static_cast<int>(storage.size()), argv.data());
  } catch (...) {
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    throw;
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

struct stat lstat_of(const std::string& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

}  // namespace biunzip_test
