// `biunzip verify PKG [key options]`: every check, one line each.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <ostream>

#include "biunzip/custody_log.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/progress.hpp"
#include "biunzip/verify.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct VerifyOptions {
  VerifyRequest request;
  std::string custody_dir;
};

// verify records itself in the extraction directory's custody.log when there is one: it never
// creates a directory just for that.
void record_verify(const VerifyOptions& o, const VerifyOutcome& v, Context& ctx) {
  std::string dir = o.custody_dir.empty() ? default_output_dir(o.request.package) : o.custody_dir;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(o.request.package, ec);
  CustodyRecord r{"verify", ec ? o.request.package : abs.lexically_normal().string(),
                  v.package_sha256, v.package_bytes};
  const Check* f = v.first_failure();
  r.result = f ? f->name + ":" + exit_code_name(v.exit_code()) : "ok";
  r.exit_code = v.exit_code();
  r.details["entries"] = v.entries;
  try {
    OutputTree tree(dir, TreeOptions{});
    append_custody(tree, r);
  } catch (const ppc::Error& e) {
    ctx.err << "biunzip: custody.log not updated: " << e.what() << "\n";
  }
}

}  // namespace

void add_verify_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Decrypt and check every chunk, entry hash, the manifest, the signature, the .sha256 "
      "sidecar and PKG.tsr; one line per check");
  cmd->add_option("package", o->request.package, "Package (.ppc), or a .zip/.tar archive")
      ->required()
      ->type_name("PKG");
  add_key_options(*cmd, o->request.keys, true);
  cmd->add_option("--tsr", o->request.tsr,
                  "RFC 3161 response to check (default: PKG.tsr if present)")
      ->type_name("FILE");
  cmd->add_option("--ca-file", o->request.ca_file, "Trusted TSA certificates (PEM)")
      ->type_name("FILE");
  cmd->add_option("--custody-dir", o->custody_dir,
                  "Append the result to DIR/custody.log (default: the extraction directory, "
                  "when it exists)")
      ->type_name("DIR");
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      warn_visible_password(o->request.keys, ctx);
      o->request.progress = progress_wanted(ctx.quiet);
      VerifyOutcome v = verify_package(o->request);
      print_checks(v, ctx.out, ctx.quiet);
      record_verify(*o, v, ctx);
      return v.exit_code();
    };
  });
}

}  // namespace biunzip
