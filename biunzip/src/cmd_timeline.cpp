// `biunzip timeline PKG|DIR [-o FILE] --format timesketch|csv|bodyfile|jsonl [--since] [--until]`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/report_files.hpp"
#include "biunzip/timeline.hpp"
#include "biunzip/unique_fd.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct TimelineCommand {
  std::string input;
  std::string format = "timesketch";
  std::string output = "-";
  std::string since, until;
  bool force = false;
  KeyOptions keys;
};

std::optional<int64_t> date_option(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  std::optional<int64_t> us = parse_iso8601_us(text);
  if (!us) ppc::fail(ppc::ErrorClass::usage, std::string(flag) + ": not an ISO 8601 date: " + text);
  return us;
}

UniqueFd open_timeline_output(const std::string& path, bool force) {
  if (path == "-") return UniqueFd(::dup(STDOUT_FILENO));
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL);
  UniqueFd fd(::open(path.c_str(), flags, 0644));
  if (!fd) {
    if (errno == EEXIST) ppc::fail(ppc::ErrorClass::io, path + ": exists (use --force)");
    ppc::fail_errno("cannot create " + path);
  }
  return fd;
}

TimelineFormat parse_format(const std::string& f) {
  if (f == "csv") return TimelineFormat::csv;
  if (f == "bodyfile") return TimelineFormat::bodyfile;
  if (f == "jsonl") return TimelineFormat::jsonl;
  return TimelineFormat::timesketch;
}

void write_summary(const TimelineCounts& counts, Context& ctx) {
  uint64_t total = 0;
  std::string parts;
  for (const auto& [source, n] : counts) {
    total += n;
    parts += (parts.empty() ? "" : ", ") + source + " " + std::to_string(n);
  }
  ctx.err << "biunzip: timeline: " << total << " events"
          << (parts.empty() ? "" : " (" + parts + ")") << "\n";
}

int run_timeline(const TimelineCommand& c, Context& ctx) {
  TimelineOptions options;
  options.format = parse_format(c.format);
  options.since_us = date_option(c.since, "--since");
  options.until_us = date_option(c.until, "--until");
  struct stat st {};
  if (::stat(c.input.c_str(), &st) != 0) ppc::fail_errno("cannot open " + c.input);
  TempDir tmp;
  TimelineInput in;
  if (S_ISDIR(st.st_mode)) {
    if (::access((c.input + "/case.db").c_str(), R_OK) == 0) in.case_db = c.input + "/case.db";
    if (::access((c.input + "/custody.log").c_str(), R_OK) == 0)
      in.custody_log = c.input + "/custody.log";
    if (in.case_db.empty() && in.custody_log.empty())
      ppc::fail(ppc::ErrorClass::usage, c.input + ": no case.db and no custody.log");
  } else {
    warn_visible_password(c.keys, ctx);
    PackageFile file(c.input);
    ppc::ReadOptions read = make_read_options(c.keys, file.read_header());
    ReportSources s = package_report_sources(file, read, tmp);
    if (s.case_db.empty()) ppc::fail(ppc::ErrorClass::manifest, c.input + ": no case.db entry");
    in.case_db = s.case_db;
  }
  UniqueFd fd = open_timeline_output(c.output, c.force);
  ppc::FdSink sink(fd.get(), c.output == "-" ? "stdout" : c.output);
  TimelineCounts counts;
  try {
    counts = write_timeline(in, options, sink);
  } catch (const ppc::Error&) {
    if (c.output != "-") ::unlink(c.output.c_str());  // half a timeline would pass for one
    throw;
  }
  if (!ctx.quiet) write_summary(counts, ctx);
  return 0;
}

}  // namespace

void add_timeline_command(CLI::App& app, Context& ctx) {
  auto c = std::make_shared<TimelineCommand>();
  CLI::App* cmd = app.add_subcommand(
      "timeline", "Every timestamped row of case.db and custody.log as one time-ordered stream");
  cmd->add_option("input", c->input, "Package (.ppc) or extracted folder")
      ->required()
      ->type_name("PKG|DIR");
  cmd->add_option("--format,-f", c->format, "timesketch, csv, bodyfile (mactime -b) or jsonl")
      ->check(CLI::IsMember({"timesketch", "csv", "bodyfile", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", c->output, "Output file, - for stdout")
      ->type_name("FILE")
      ->capture_default_str();
  cmd->add_flag("--force", c->force, "Replace an existing output file");
  cmd->add_option("--since", c->since, "Only events at or after DATE (ISO 8601, UTC unless a zone)")
      ->type_name("DATE");
  cmd->add_option("--until", c->until, "Only events before DATE")->type_name("DATE");
  add_key_options(*cmd, c->keys);
  cmd->callback([&ctx, c] { ctx.action = [&ctx, c] { return run_timeline(*c, ctx); }; });
}

}  // namespace biunzip
