// `biunzip timestamp verify PKG TSR`: does an RFC 3161 response cover this package?
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/exit_codes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/progress.hpp"
#include "biunzip/timestamp_check.hpp"
#include "commands.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {
namespace {

struct TimestampOptions {
  std::string package;
  std::string tsr;
  std::string ca_file;
};

}  // namespace

void add_timestamp_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<TimestampOptions>();
  CLI::App* ts = app.add_subcommand("timestamp", "RFC 3161 timestamps of packages");
  ts->require_subcommand(1);
  CLI::App* cmd =
      ts->add_subcommand("verify", "Check that TSR (a TimeStampResp) covers PKG's SHA-256");
  cmd->add_option("package", o->package, "Package (.ppc)")->required()->type_name("PKG");
  cmd->add_option("tsr", o->tsr, "TimeStampResp (DER)")->required()->type_name("TSR");
  cmd->add_option("--ca-file", o->ca_file, "Trusted TSA certificates (PEM)")->type_name("FILE");
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      Progress progress("hashing", 0, false);
      std::array<uint8_t, 32> digest = file_sha256(o->package, &progress);
      Check c = timestamp_check(o->tsr, digest, o->ca_file);
      ctx.out << (c.state == Check::State::ok ? "OK    " : "FAIL  ") << c.detail << "\n";
      ctx.out << "package SHA-256 " << ppc::to_hex(digest) << "\n";
      return c.state == Check::State::ok ? kExitOk : exit_code_for(*c.error_class);
    };
  });
}

}  // namespace biunzip
