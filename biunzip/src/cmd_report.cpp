// `biunzip report PKG|DIR [-o FILE]`: the self-contained HTML report.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/key_input.hpp"
#include "biunzip/report_files.hpp"
#include "biunzip/text.hpp"
#include "commands.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

struct ReportOptions {
  std::string input;
  std::string output;
  KeyOptions keys;
  std::size_t row_limit = 5000;
};

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string read_if_present(const std::string& path) {
  if (!is_directory(path) && ::access(path.c_str(), R_OK) == 0) {
    std::vector<uint8_t> b = ppc::read_file(path);
    return std::string(b.begin(), b.end());
  }
  return {};
}

std::string base_name(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  std::size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

int report_from_directory(const ReportOptions& o, Context& ctx) {
  ReportSources s = directory_report_sources(o.input, base_name(o.input));
  s.row_limit = o.row_limit;
  std::string html = render_report_html(load_report_data(s));
  if (o.output.empty()) {
    OutputTree(o.input, TreeOptions{}).replace_text("report.html", html);
    ctx.out << o.input << "/report.html\n";
  } else {
    ppc::write_file(o.output, {reinterpret_cast<const uint8_t*>(html.data()), html.size()}, true);
    ctx.out << o.output << "\n";
  }
  return 0;
}

int report_from_package(const ReportOptions& o, Context& ctx) {
  warn_visible_password(o.keys, ctx);
  PackageFile file(o.input);
  ppc::ReadOptions options = make_read_options(o.keys, file.read_header());
  TempDir tmp;
  ppc::ReadReport read;
  ReportSources s = package_report_sources(file, options, tmp, &read);
  s.row_limit = o.row_limit;
  s.package_sha256 = ppc::to_hex(read.package_sha256);
  s.verification = read.complete
                       ? "verified while this report read it (every chunk, entry and the manifest)"
                       : "read, but not to its final manifest";
  s.signature = read.signed_package ? "signed by key " + read.signer_key_id +
                                          " (check the key with biunzip verify --verify-key)"
                                    : "unsigned";
  s.timestamp = ::access((o.input + ".tsr").c_str(), F_OK) == 0
                    ? o.input + ".tsr present: biunzip verify checks it"
                : ::access((o.input + ".tsq").c_str(), F_OK) == 0
                    ? "requested (.tsq), no response (.tsr) yet"
                    : "none";
  s.custody_log = read_if_present(default_output_dir(o.input) + "/custody.log");
  std::string html = render_report_html(load_report_data(s));
  std::string out = o.output.empty() ? default_output_dir(o.input) + ".report.html" : o.output;
  ppc::write_file(out, {reinterpret_cast<const uint8_t*>(html.data()), html.size()}, true);
  ctx.out << out << "\n";
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write a self-contained HTML report from an extracted directory (DIR/report.html) "
      "or straight from a package (PKG without .ppc + .report.html)");
  cmd->add_option("input", o->input, "Package (.ppc) or extracted directory")
      ->required()
      ->type_name("PKG|DIR");
  cmd->add_option("-o,--output", o->output, "HTML file to write")->type_name("FILE");
  cmd->add_option("--rows", o->row_limit, "Most rows shown per table")->capture_default_str();
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      return is_directory(o->input) ? report_from_directory(*o, ctx) : report_from_package(*o, ctx);
    };
  });
}

}  // namespace biunzip
