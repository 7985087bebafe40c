// The commercial biunzip's interface: `biunzip --file PKG [--password P]` and
// `biunzip --dir DIR --csv FILE`.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/batch.hpp"
#include "biunzip/extract_job.hpp"
#include "biunzip/progress.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct CompatOptions {
  std::string file;
  std::string dir;
  std::string csv;
  unsigned jobs = 0;
  KeyOptions keys;
  OutputOptions output;
};

ExtractJob base_job(const CompatOptions& o, const Context& ctx) {
  ExtractJob job;
  job.output_dir = o.output.dir;
  job.keys = o.keys;
  job.tree = tree_options(o.output);
  job.max_ratio = o.output.max_ratio;
  job.quiet = ctx.quiet;
  job.write_report = !o.output.no_report;
  return job;
}

int run_compat(const CompatOptions& o, Context& ctx) {
  warn_visible_password(o.keys, ctx);
  if (!o.file.empty()) {
    ExtractJob job = base_job(o, ctx);
    job.package = o.file;
    job.progress = progress_wanted(ctx.quiet);
    return run_extract_job(job, ctx.out, ctx.err);
  }
  if (!o.output.dir.empty()) {
    ppc::fail(ppc::ErrorClass::usage,
              "--output is not used with --dir: each package is "
              "extracted beside itself");
  }
  BatchRequest b{o.dir, o.csv, base_job(o, ctx), o.jobs};
  return run_batch(b, ctx.out, ctx.err);
}

}  // namespace

void add_compat_options(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<CompatOptions>();
  app.option_defaults()->group("Compatibility with the commercial biunzip");
  CLI::Option* file =
      app.add_option("--file", o->file, "Extract one package (.ppc or .zip)")->type_name("PKG");
  CLI::Option* dir =
      app.add_option("--dir", o->dir, "Folder holding the packages --csv lists")->type_name("DIR");
  CLI::Option* csv = app.add_option("--csv", o->csv,
                                    "Password list: header row, columns \"File Name\" and "
                                    "\"Zip Password\" (else first and last)")
                         ->type_name("FILE");
  app.add_option("--jobs,-j", o->jobs, "Packages extracted at once with --dir (default: cores)");
  dir->needs(csv);
  csv->needs(dir);
  file->excludes(dir);
  add_key_options(app, o->keys);
  add_output_options(app, o->output);
  app.option_defaults()->group("Options");
  app.final_callback([&ctx, o, &app] {
    if (!app.get_subcommands().empty()) return;
    if (o->file.empty() && o->dir.empty()) return;
    ctx.action = [&ctx, o] { return run_compat(*o, ctx); };
  });
}

}  // namespace biunzip
