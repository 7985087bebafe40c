// `biunzip image PKG|DIR NAME --format raw|e01 -o BASE [--segment-size SIZE]`: an image the
// collector took (--image) written out as a raw file or an E01, its digests checked.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <ostream>
#include <sstream>

#include "biunzip/extract_job.hpp"
#include "biunzip/image_export.hpp"
#include "biunzip/progress.hpp"
#include "commands.hpp"
#include "ppc/error.hpp"
#include "ppc/units.hpp"

namespace biunzip {
namespace {

struct ImageOptions {
  std::string input, name, format = "raw", base, segment_size = "1500MiB";
  bool force = false;
  KeyOptions keys;
};

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A package is first extracted (verified) beside the output, into BASE.extract, removed after.
int run_image(const ImageOptions& o, Context& ctx) {
  auto segment = ppc::parse_size(o.segment_size);
  if (!segment || *segment < (1u << 20))
    ppc::fail(ppc::ErrorClass::usage, "--segment-size: at least 1MiB (" + o.segment_size + ")");
  ImageExportOptions e;
  e.dir = o.input;
  e.name = o.name;
  e.format = o.format;
  e.base = o.base;
  e.segment_size = *segment;
  e.force = o.force;
  // The output's folder is created like extract's -o DIR.
  std::filesystem::path parent = std::filesystem::path(o.base).parent_path();
  std::error_code made;
  if (!parent.empty()) std::filesystem::create_directories(parent, made);
  if (made) ppc::fail(ppc::ErrorClass::io, parent.string() + ": " + made.message());
  std::string work;
  if (!is_directory(o.input)) {
    work = o.base + ".extract";
    ExtractJob job;
    job.package = o.input;
    job.output_dir = work;
    job.keys = o.keys;
    job.quiet = true;
    job.progress = progress_wanted(ctx.quiet);
    job.write_report = false;
    std::ostringstream summary;
    int code = run_extract_job(job, summary, ctx.err);
    if (code != 0) {
      std::error_code ec;
      std::filesystem::remove_all(work, ec);
      return code;
    }
    e.dir = work;
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } cleanup{work};
  ImageExportResult r = export_image(e);
  if (!ctx.quiet) {
    for (const std::string& f : r.files) ctx.out << f << "\n";
    ctx.out << "md5 " << r.md5 << "\nsha1 " << r.sha1 << "\nsha256 " << r.sha256 << "\n";
    ctx.out << "digests match the collector's record (" << r.record.source << ", "
            << r.record.status << ", " << r.record.errors.size() << " unreadable ranges)\n";
  }
  return 0;
}

}  // namespace

void add_image_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ImageOptions>();
  CLI::App* cmd = app.add_subcommand(
      "image",
      "Write an image the collector took (--image) as raw (sparse) or E01, digests checked");
  cmd->add_option("input", o->input, "Package (.ppc) or extracted package directory")
      ->required()
      ->type_name("PKG|DIR");
  cmd->add_option("name", o->name, "The image's name (images/NAME.raw; `biunzip list` shows them)")
      ->required()
      ->type_name("NAME");
  cmd->add_option("--format", o->format, "raw (BASE.raw) or e01 (BASE.E01, .E02, ...)")
      ->check(CLI::IsMember({"raw", "e01"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o->base, "Output path without extension")
      ->required()
      ->type_name("BASE");
  cmd->add_option("--segment-size", o->segment_size, "Largest E01 segment file")
      ->type_name("SIZE")
      ->capture_default_str();
  cmd->add_flag("--force", o->force, "Overwrite existing output files");
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      warn_visible_password(o->keys, ctx);
      return run_image(*o, ctx);
    };
  });
}

}  // namespace biunzip
