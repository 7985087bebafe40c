// `biunzip export PKG --format tar|jsonl [-o OUT]`.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/export.hpp"
#include "biunzip/report_files.hpp"
#include "biunzip/unique_fd.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct ExportOptions {
  std::string package;
  std::string format = "tar";
  std::string output;
  bool force = false;
  KeyOptions keys;
};

// "-" is stdout; files are created new unless --force.
UniqueFd open_output(const std::string& path, bool force) {
  if (path == "-") return UniqueFd(::dup(STDOUT_FILENO));
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (force ? O_TRUNC : O_EXCL);
  UniqueFd fd(::open(path.c_str(), flags, 0644));
  if (!fd) {
    if (errno == EEXIST) ppc::fail(ppc::ErrorClass::io, path + ": exists (use --force)");
    ppc::fail_errno("cannot create " + path);
  }
  return fd;
}

int run_export(const ExportOptions& o, Context& ctx) {
  warn_visible_password(o.keys, ctx);
  PackageFile file(o.package);
  ppc::ReadOptions options = make_read_options(o.keys, file.read_header());
  std::string out = o.output.empty() ? default_output_dir(o.package) + "." + o.format : o.output;
  if (o.format == "tar") {
    UniqueFd fd = open_output(out, o.force);
    try {
      export_tar(file, options, fd.get());
    } catch (const ppc::Error&) {
      if (out != "-") ::unlink(out.c_str());  // a partial tar would pass for the payload
      throw;
    }
  } else {
    TempDir tmp;
    ReportSources s = package_report_sources(file, options, tmp);
    if (s.case_db.empty()) ppc::fail(ppc::ErrorClass::manifest, o.package + ": no case.db entry");
    UniqueFd fd = open_output(out, o.force);
    ppc::FdSink sink(fd.get(), out);
    export_case_db_jsonl(s.case_db, sink);
  }
  if (out != "-" && !ctx.quiet) ctx.err << "biunzip: wrote " << out << "\n";
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write the decrypted payload as a plain tar, or every case.db table as JSON lines");
  cmd->add_option("package", o->package, "Package (.ppc)")->required()->type_name("PKG");
  cmd->add_option("--format,-f", o->format, "tar or jsonl")
      ->check(CLI::IsMember({"tar", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o->output,
                  "Output file, - for stdout (default: PKG without .ppc + .tar/.jsonl)")
      ->type_name("OUT");
  cmd->add_flag("--force", o->force, "Replace an existing output file");
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_export(*o, ctx); }; });
}

}  // namespace biunzip
