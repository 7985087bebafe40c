// biunzip's command line: one CLI11 subcommand per file (cmd_*.cpp); this file wires them up
// and is the one place where errors become exit codes.
#include "biunzip/run.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "biunzip/exit_codes.hpp"
#include "biunzip/key_input.hpp"
#include "biunzip/text.hpp"
#include "biunzip/version.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

std::string footer() {
  return "\nKeys: --password-file FILE, --password P (visible to other users), $BIUNZIP_PASSWORD,\n"
         "--identity FILE (X25519), --key FILE.pem (RSA). On a terminal, biunzip asks for a\n"
         "passphrase when the package has a passphrase recipient and no key was given.\n\n" +
         exit_code_help();
}

int run_action(Context& ctx) {
  try {
    return ctx.action();
  } catch (const ppc::Error& e) {
    ctx.err << "biunzip: " << printable(e.what()) << "\n";
    return exit_code_for(e.error_class());
  } catch (const std::exception& e) {
    ctx.err << "biunzip: " << printable(e.what()) << "\n";
    return kExitOther;
  }
}

}  // namespace

int run(int argc, char** argv) {
  Context ctx{std::cout, std::cerr};
  CLI::App app{"biunzip: verify, decrypt and unpack PPC case packages", "biunzip"};
  app.footer(footer());
  app.set_version_flag("--version", version_text());
  app.add_flag("-q,--quiet", ctx.quiet, "Print only problems; no progress meter");
  app.fallthrough();
  app.require_subcommand(0, 1);
  add_compat_options(app, ctx);
  add_info_command(app, ctx);
  add_verify_command(app, ctx);
  add_list_command(app, ctx);
  add_extract_command(app, ctx);
  add_salvage_command(app, ctx);
  add_report_command(app, ctx);
  add_keygen_command(app, ctx);
  add_timestamp_command(app, ctx);
  add_export_command(app, ctx);
  add_image_command(app, ctx);
  add_timeline_command(app, ctx);
  add_upload_command(app, ctx);
  add_triage_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, ctx.out, ctx.err) == 0 ? kExitOk : kExitUsage;
  }
  hide_password_arguments(argc, argv);  // parsed: ps need not show them any longer
  if (!ctx.action) {
    ctx.err << app.help();
    return kExitUsage;
  }
  return run_action(ctx);
}

}  // namespace biunzip
