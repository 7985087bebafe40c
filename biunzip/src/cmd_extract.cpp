// `biunzip extract PKG [-o DIR]` and `biunzip salvage PKG [-o DIR]`.
#include <CLI/CLI.hpp>
#include <memory>

#include "biunzip/extract_job.hpp"
#include "biunzip/progress.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct ExtractOptions {
  std::string package;
  KeyOptions keys;
  OutputOptions output;
};

void add_extract_like(CLI::App& app, Context& ctx, const char* name, const char* help,
                      bool salvage) {
  auto o = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("package", o->package, "Package (.ppc), or a .zip/.tar archive")
      ->required()
      ->type_name("PKG");
  add_output_options(*cmd, o->output);
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o, salvage] {
    ctx.action = [&ctx, o, salvage] {
      warn_visible_password(o->keys, ctx);
      ExtractJob job;
      job.package = o->package;
      job.output_dir = o->output.dir;
      job.keys = o->keys;
      job.tree = tree_options(o->output);
      job.max_ratio = o->output.max_ratio;
      job.salvage = salvage;
      job.quiet = ctx.quiet;
      job.progress = progress_wanted(ctx.quiet);
      job.write_report = !o->output.no_report;
      return run_extract_job(job, ctx.out, ctx.err);
    };
  });
}

}  // namespace

void add_extract_command(CLI::App& app, Context& ctx) {
  add_extract_like(app, ctx, "extract",
                   "Verify and unpack a package into DIR (files/, live/, case.db, custody.json, "
                   "collection.log; plus report.html, manifest.jsonl, custody.log)",
                   false);
}

void add_salvage_command(CLI::App& app, Context& ctx) {
  add_extract_like(app, ctx, "salvage",
                   "Recover what a damaged or interrupted package still holds, reading on past "
                   "damage; writes DIR/salvage.json (recovered and lost entries, damaged ranges)",
                   true);
}

}  // namespace biunzip
