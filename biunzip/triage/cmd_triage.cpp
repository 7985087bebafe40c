// `biunzip triage PKG|DIR [--sigma PATH]... [--sql-rules PATH]... [-o FILE]`: the collector's
// Sigma and SQL rules at the lab (findings/, biunzip/src/triage_case.cpp).
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <ostream>

#include "biunzip/exit_codes.hpp"
#include "biunzip/key_input.hpp"
#include "biunzip/triage.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct TriageOptions {
  std::string input;
  std::string output;
  std::vector<std::string> sigma, sql_rules;
  KeyOptions keys;
};

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void print(const TriageSummary& s, Context& ctx) {
  std::map<std::string, int> by_severity;
  for (const auto& f : s.findings) ++by_severity[f.severity];
  if (!ctx.quiet) {
    ctx.out << "sigma: " << s.sigma_rules << " rules, " << s.log_files << " logs, " << s.events
            << " events, " << s.sigma_matches << " matches\n";
    ctx.out << "sql: " << s.sql_rules << " rules (" << s.sql_not_applicable
            << " without their tables)\n";
    ctx.out << "findings: " << s.findings.size();
    for (const char* sev : {"critical", "high", "medium", "low", "informational"})
      if (by_severity.count(sev)) ctx.out << ", " << sev << ": " << by_severity[sev];
    ctx.out << "\n";
  }
  for (const auto& e : s.sql_errors) ctx.err << "biunzip: sql rule " << e << "\n";
  ctx.out << s.case_db << "\n";
}

int run_triage(const TriageOptions& o, Context& ctx) {
  // Rules first: one that does not load stops here (exit 2), before the package is read.
  std::unique_ptr<sigma::RuleSet> sigma = findings::load_sigma_rules(o.sigma);
  std::vector<findings::SqlRule> sql = findings::load_sql_rule_files(o.sql_rules);
  TriageSummary s;
  if (is_directory(o.input)) {
    s = triage_directory(o.input, *sigma, sql);
  } else {
    warn_visible_password(o.keys, ctx);
    PackageFile file(o.input);
    ppc::ReadOptions options = make_read_options(o.keys, file.read_header());
    std::string out = o.output.empty() ? default_output_dir(o.input) + ".case.db" : o.output;
    s = triage_package(file, options, out, *sigma, sql);
  }
  print(s, ctx);
  return s.sql_errors.empty() ? kExitOk : kExitOther;  // a rule refused or over budget at run
}

}  // namespace

void add_triage_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<TriageOptions>();
  CLI::App* cmd = app.add_subcommand(
      "triage",
      "Run Sigma rules over the collected logs and SQL rules over case.db; add sigma_matches and "
      "findings to DIR/case.db, or write PKG's case.db with them to PKG without .ppc + .case.db");
  cmd->add_option("input", o->input, "Package (.ppc) or extracted directory")
      ->required()
      ->type_name("PKG|DIR");
  cmd->add_option("--sigma", o->sigma,
                  "Sigma rule file or folder; repeatable (default: the built-in set)");
  cmd->add_option("--sql-rules", o->sql_rules,
                  "SQL rule file or folder; repeatable (default: the built-in set)");
  cmd->add_option("-o,--output", o->output, "case.db to write when triaging a package")
      ->type_name("FILE");
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_triage(*o, ctx); }; });
}

}  // namespace biunzip
