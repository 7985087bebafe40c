// `biunzip upload PKG|DIR --to URL [--jobs N]`: the package and its sidecars, or an extracted
// folder, to an evidence repository; each object verified by reading it back; the upload
// recorded in custody.log.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <ostream>

#include "biunzip/custody_log.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/json_bytes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/progress.hpp"
#include "biunzip/text.hpp"
#include "biunzip/upload.hpp"
#include "biunzip/version.hpp"
#include "commands.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

namespace fs = std::filesystem;

struct UploadCommand {
  std::string input, to, sas_file;
  int jobs = 2;
  std::string part_size = "64MiB";
  UploadSettings settings;
};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string read_secret_file(const std::string& path) {
  std::vector<uint8_t> bytes = ppc::read_file(path);
  std::string s(bytes.begin(), bytes.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  if (s.empty()) ppc::fail(ppc::ErrorClass::usage, path + ": empty");
  return s;
}

uint64_t parse_part_size(const std::string& text) {
  std::size_t pos = 0;
  uint64_t n = 0;
  try {
    n = std::stoull(text, &pos);
  } catch (const std::exception&) {
    ppc::fail(ppc::ErrorClass::usage, "--part-size: not a size: " + text);
  }
  std::string unit = text.substr(pos);
  if (unit == "KiB")
    n <<= 10;
  else if (unit == "MiB")
    n <<= 20;
  else if (unit == "GiB")
    n <<= 30;
  else if (!unit.empty() && unit != "B")
    ppc::fail(ppc::ErrorClass::usage, "--part-size: unit B, KiB, MiB or GiB");
  // S3's limits: parts of at least 5 MiB except the last (emulators accept less; tests use it).
  if (n < 1024) ppc::fail(ppc::ErrorClass::usage, "--part-size: at least 1KiB");
  return n;
}

UploadObject local_object(const std::string& path, const std::string& name) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) ppc::fail_errno("cannot read " + path);
  UploadObject o;
  o.local = path;
  o.name = name;
  o.size = static_cast<uint64_t>(st.st_size);
  o.sha256 = file_sha256(path);
  return o;
}

// A folder: every regular file below it (custody.log last, after the upload is recorded).
// A package: the file and its sidecars (PKG.sha256, PKG.tsr, ...).
std::vector<UploadObject> plan(const std::string& input, bool is_dir) {
  std::vector<UploadObject> objects;
  if (is_dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(input)) {
      std::error_code ec;
      if (e.is_symlink(ec) || !e.is_regular_file(ec)) continue;
      std::string rel = fs::relative(e.path(), input).string();
      if (rel != "custody.log") names.push_back(rel);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) objects.push_back(local_object(input + "/" + n, n));
    return objects;
  }
  fs::path pkg(input);
  std::string base = pkg.filename().string();
  objects.push_back(local_object(input, base));
  fs::path dir = pkg.has_parent_path() ? pkg.parent_path() : fs::path(".");
  std::vector<std::string> sidecars;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    std::error_code ec;
    if (n.rfind(base + ".", 0) == 0 && !e.is_symlink(ec) && e.is_regular_file(ec))
      sidecars.push_back(n);
  }
  std::sort(sidecars.begin(), sidecars.end());
  for (const std::string& n : sidecars) objects.push_back(local_object((dir / n).string(), n));
  return objects;
}

std::string custody_path(const std::string& input, bool is_dir) {
  std::string dir = is_dir ? input : default_output_dir(input);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return {};
  return dir + "/custody.log";
}

void append_upload_custody(const std::string& path, const std::string& input,
                           const std::string& target, const std::vector<UploadObject>& objects,
                           const std::string& result, int exit_code) {
  nlohmann::ordered_json j;
  j["time"] = utc_now();
  j["action"] = "upload";
  j["analyst"] = analyst_login();
  j["uid"] = ::getuid();
  j["host"] = host_name();
  j["tool"] = "biunzip " + version() + " (" + git_commit() + ")";
  put_bytes(j, "package", fs::absolute(input).string());
  j["target"] = target;
  uint64_t bytes = 0;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const UploadObject& o : objects) {
    nlohmann::ordered_json x;
    put_bytes(x, "name", o.name);
    x["bytes"] = o.size;
    x["sha256"] = ppc::to_hex(o.sha256);
    x["outcome"] = o.outcome.empty() ? "not done" : o.outcome;
    list.push_back(x);
    bytes += o.size;
  }
  j["objects"] = list;
  j["bytes"] = bytes;
  j["result"] = result;
  j["exit_code"] = exit_code;
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) ppc::fail_errno("cannot append to " + path);
  std::string line = dump_line(j) + "\n";
  ppc::FdSink sink(fd, path);
  sink.write({reinterpret_cast<const uint8_t*>(line.data()), line.size()});
  ::close(fd);
}

int run_upload(UploadCommand& c, Context& ctx) {
  UploadTarget target = parse_upload_target(c.to);
  UploadSettings s = c.settings;
  s.part_size = parse_part_size(c.part_size);
  if (!c.sas_file.empty()) s.sas_token = read_secret_file(c.sas_file);
  s.access_key = env("AWS_ACCESS_KEY_ID");
  s.secret_key = env("AWS_SECRET_ACCESS_KEY");
  s.session_token = env("AWS_SESSION_TOKEN");
  if (s.region.empty()) s.region = env("AWS_REGION");
  if (s.region.empty()) s.region = env("AWS_DEFAULT_REGION");
  struct stat st {};
  if (::stat(c.input.c_str(), &st) != 0) ppc::fail_errno("cannot open " + c.input);
  bool is_dir = S_ISDIR(st.st_mode);
  make_object_store(target, s);  // bad settings (no key, no token) fail before any hashing
  std::vector<UploadObject> objects = plan(c.input, is_dir);
  std::string display = make_object_store(target, s)->display("");
  uint64_t total = 0;
  for (const UploadObject& o : objects) total += o.size;
  Progress progress("upload", total, progress_wanted(ctx.quiet));
  std::mutex mu;
  SentFn sent = [&](uint64_t n) {
    std::lock_guard<std::mutex> lock(mu);
    progress.add(n);
  };
  std::string custody = custody_path(c.input, is_dir);
  UploadReport report;
  try {
    report = upload_objects(objects, target, s, c.jobs, sent);
  } catch (const ppc::Error& e) {
    progress.finish();
    if (!custody.empty())
      append_upload_custody(custody, c.input, display, objects,
                            std::string(ppc::to_string(e.error_class())),
                            exit_code_for(e.error_class()));
    throw;
  }
  progress.finish();
  for (const std::string& w : report.warnings) ctx.err << "biunzip: " << printable(w) << "\n";
  if (!custody.empty()) {
    append_upload_custody(custody, c.input, display, objects, "ok", 0);
    if (is_dir) {  // the record travels with the folder
      std::vector<UploadObject> log{local_object(custody, "custody.log")};
      upload_objects(log, target, s, 1, nullptr);
    }
  }
  if (!ctx.quiet) {
    std::map<std::string, int> outcomes;
    for (const UploadObject& o : objects) ++outcomes[o.outcome];
    std::string parts;
    for (const auto& [k, n] : outcomes)
      parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + k;
    ctx.err << "biunzip: upload: " << objects.size() << " objects (" << parts << "), "
            << human_bytes(total) << ", verified, to " << printable(display) << "\n";
  }
  return 0;
}

}  // namespace

void add_upload_command(CLI::App& app, Context& ctx) {
  auto c = std::make_shared<UploadCommand>();
  CLI::App* cmd = app.add_subcommand(
      "upload",
      "Copy a package and its sidecars, or an extracted folder, to SFTP, S3 or Azure Blob");
  cmd->add_option("input", c->input, "Package (.ppc) or extracted folder")
      ->required()
      ->type_name("PKG|DIR");
  cmd->add_option("--to", c->to,
                  "sftp://[user@]host[:port]/path, s3://bucket[/prefix] or "
                  "azure://account/container[/prefix]")
      ->required()
      ->type_name("URL");
  cmd->add_option("--jobs,-j", c->jobs, "Objects uploaded at once")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  cmd->add_option("--ssh-key", c->settings.ssh_key, "SFTP: private key file (default: the agent)")
      ->type_name("FILE");
  cmd->add_option("--known-hosts", c->settings.known_hosts,
                  "SFTP: known_hosts file (default ~/.ssh/known_hosts)")
      ->type_name("FILE");
  cmd->add_option("--endpoint", c->settings.endpoint,
                  "S3/Azure: http(s)://host[:port] of an S3-compatible store or emulator")
      ->type_name("URL");
  cmd->add_option("--region", c->settings.region, "S3: region (default $AWS_REGION or us-east-1)");
  cmd->add_option("--sas-file", c->sas_file, "Azure: file holding the SAS token")
      ->type_name("FILE");
  cmd->add_option("--part-size", c->part_size,
                  "S3 multipart part / Azure block size; larger files are sent in parts")
      ->capture_default_str();
  cmd->callback([&ctx, c] { ctx.action = [&ctx, c] { return run_upload(*c, ctx); }; });
}

}  // namespace biunzip
