// `biunzip list PKG [--json] [--all]`: every entry with its size, SHA-256 and status.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <ostream>

#include "biunzip/archive_extract.hpp"
#include "biunzip/json_bytes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/progress.hpp"
#include "biunzip/text.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct ListOptions {
  std::string package;
  KeyOptions keys;
  bool json = false;
  bool all = false;
};

class ListVisitor final : public ppc::EntryVisitor {
 public:
  explicit ListVisitor(bool internal) : internal_(internal) {}
  bool wants_internal() const override { return internal_; }
  void end(const ppc::EntryOutcome& o) override { outcomes.push_back(o); }
  // A checkpoint read without error confirms every entry since the previous one: after a full
  // read no entry is left "pending" (a state the reader uses only while it goes on).
  void checkpoint(const ppc::Checkpoint&) override {
    for (ppc::EntryOutcome& o : outcomes) {
      if (o.verification == ppc::Verification::pending)
        o.verification = ppc::Verification::verified;
    }
  }
  std::vector<ppc::EntryOutcome> outcomes;

 private:
  bool internal_;
};

nlohmann::json to_json(const std::vector<ppc::EntryOutcome>& list) {
  nlohmann::json a = nlohmann::json::array();
  for (const ppc::EntryOutcome& o : list) {
    nlohmann::json j = nlohmann::json::object();
    put_bytes(j, "name", o.info.meta.name);
    j["type"] = o.info.meta.type == ppc::EntryType::file        ? "file"
                : o.info.meta.type == ppc::EntryType::directory ? "directory"
                                                                : "symlink";
    j["size"] = o.bytes;
    j["sha256"] = o.computed.sha256;
    if (!o.computed.md5.empty()) j["md5"] = o.computed.md5;
    if (!o.computed.sha1.empty()) j["sha1"] = o.computed.sha1;
    j["status"] = ppc::to_string(o.status);
    j["verification"] = ppc::to_string(o.verification);
    if (o.info.meta.mtime) j["mtime"] = utc_time(o.info.meta.mtime->sec);
    if (o.info.meta.type == ppc::EntryType::symlink)
      put_bytes(j, "target", o.info.meta.symlink_target);
    a.push_back(std::move(j));
  }
  return a;
}

void print_text(const std::vector<ppc::EntryOutcome>& list, std::ostream& out) {
  char line[160];
  for (const ppc::EntryOutcome& o : list) {
    bool file = o.info.meta.type == ppc::EntryType::file && !o.computed.sha256.empty();
    std::snprintf(line, sizeof line, "%14llu  %-64s  %-10s %-10s ",
                  static_cast<unsigned long long>(o.bytes), file ? o.computed.sha256.c_str() : "-",
                  std::string(ppc::to_string(o.status)).c_str(),
                  std::string(ppc::to_string(o.verification)).c_str());
    out << line << printable(o.info.meta.name);
    if (o.info.meta.type == ppc::EntryType::symlink)
      out << " -> " << printable(o.info.meta.symlink_target);
    out << "\n";
  }
}

// A zip or tar archive: every entry read and hashed (zip CRCs checked by libarchive).
int list_archive_entries(const ListOptions& o, Context& ctx) {
  std::vector<std::string> passphrases;
  for (auto& p : collect_passphrases(o.keys)) passphrases.emplace_back(p.begin(), p.end());
  ArchiveListing l =
      list_archive(o.package, passphrases, true, passphrases.empty() && o.keys.allow_prompt);
  for (const Problem& p : l.problems.problems)
    ctx.err << "biunzip: " << printable(p.message) << "\n";
  if (l.problems.failure) throw *l.problems.failure;
  if (o.json) {
    nlohmann::json a = nlohmann::json::array();
    for (const ExtractedEntry& e : l.entries) {
      nlohmann::json j = nlohmann::json::object();
      put_bytes(j, "name", e.name);
      j["type"] = e.type;
      j["size"] = e.size;
      if (!e.sha256.empty()) j["sha256"] = e.sha256;
      j["status"] = e.status;
      if (!e.verification.empty()) j["verification"] = e.verification;
      if (e.type == "symlink") put_bytes(j, "target", e.note);
      a.push_back(std::move(j));
    }
    ctx.out << dump_line(a) << "\n";
  } else {
    char line[160];
    for (const ExtractedEntry& e : l.entries) {
      std::snprintf(line, sizeof line, "%14llu  %-64s  %-10s %-10s ",
                    static_cast<unsigned long long>(e.size),
                    e.sha256.empty() ? "-" : e.sha256.c_str(), e.status.c_str(),
                    e.verification.empty() ? "-" : e.verification.c_str());
      ctx.out << line << printable(e.name);
      if (e.type == "symlink") ctx.out << " -> " << printable(e.note);
      ctx.out << "\n";
    }
  }
  return exit_code_of(l.problems);
}

}  // namespace

void add_list_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand("list", "List a package's entries (size, SHA-256, status)");
  cmd->add_option("package", o->package, "Package (.ppc), or a .zip/.tar archive")
      ->required()
      ->type_name("PKG");
  cmd->add_flag("--json", o->json, "Print a JSON array");
  cmd->add_flag("--all", o->all, "Include the internal ppc/ entries (checkpoints, manifest)");
  add_key_options(*cmd, o->keys);
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      warn_visible_password(o->keys, ctx);
      if (!starts_like_package(o->package) && looks_like_archive(o->package)) {
        return list_archive_entries(*o, ctx);
      }
      PackageFile file(o->package);
      ppc::ReadOptions options = make_read_options(o->keys, file.read_header());
      Progress progress("list", file.size(), progress_wanted(ctx.quiet));
      TrackingSource source(file, &progress);
      ListVisitor visitor(o->all);
      ppc::read_package(source, options, visitor);
      progress.finish();
      if (o->json) {
        ctx.out << dump_line(to_json(visitor.outcomes)) << "\n";
      } else {
        print_text(visitor.outcomes, ctx.out);
      }
      return 0;
    };
  });
}

}  // namespace biunzip
