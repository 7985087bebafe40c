// `biunzip info PKG [--json]`: what the header says, without any key.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iomanip>
#include <memory>
#include <ostream>

#include "biunzip/archive_extract.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/json_bytes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/progress.hpp"
#include "biunzip/text.hpp"
#include "commands.hpp"

namespace biunzip {
namespace {

struct InfoOptions {
  std::string package;
  bool json = false;
};

nlohmann::json header_json(const PackageFile& file, const ppc::HeaderInfo& h,
                           const std::string& sidecar) {
  nlohmann::json recipients = nlohmann::json::array();
  for (const ppc::Stanza& s : h.stanzas) recipients.push_back(std::string(ppc::to_string(s.type)));
  uint64_t per_chunk = h.chunk_bytes() + ppc::kTagBytes;
  uint64_t payload = file.size() > h.header_bytes ? file.size() - h.header_bytes : 0;
  nlohmann::json j = nlohmann::json::object();
  put_bytes(j, "package", file.path());
  j["package_bytes"] = file.size();
  j["version"] = std::to_string(h.version_major) + "." + std::to_string(h.version_minor);
  j["cipher"] = ppc::cipher_name(h.cipher);
  j["compression"] = ppc::compression_name(h.compression);
  j["chunk_bytes"] = h.chunk_bytes();
  j["encrypted"] = h.encrypted();
  j["recipients"] = recipients;
  if (h.max_scrypt_log2n() > 0) j["scrypt_log2n"] = h.max_scrypt_log2n();
  j["header_bytes"] = h.header_bytes;
  j["chunks_estimate"] = (payload + per_chunk - 1) / per_chunk;
  j["sidecar"] = sidecar;
  if (file.volumes().split()) {
    j["volumes"] = file.volumes().count;
    nlohmann::json problems = nlohmann::json::array();
    for (const ppc::VolumeProblem& p : file.volumes().problems)
      problems.push_back(ppc::describe(p));
    j["volume_problems"] = problems;
  }
  j["timestamp_response"] = ::access((file.path() + ".tsr").c_str(), F_OK) == 0;
  return j;
}

void print_text(const nlohmann::json& j, std::ostream& out) {
  auto row = [&](const char* k, const std::string& v) {
    out << std::left << std::setw(13) << k << v << "\n";
  };
  std::string recipients;
  for (const auto& r : j["recipients"])
    recipients += (recipients.empty() ? "" : ", ") + r.get<std::string>();
  row("package", printable(j["package"].get<std::string>()));
  row("size", human_bytes(j["package_bytes"]) + " (" +
                  std::to_string(j["package_bytes"].get<uint64_t>()) + " bytes)");
  row("format", "PPC " + j["version"].get<std::string>());
  row("cipher", j["cipher"].get<std::string>());
  row("compression", j["compression"].get<std::string>());
  row("chunk size", human_bytes(j["chunk_bytes"]));
  row("encrypted", j["encrypted"].get<bool>() ? "yes" : "NO (the file key is stored in the clear)");
  row("recipients", recipients);
  if (j.contains("scrypt_log2n"))
    row("scrypt", "log2 N = " + std::to_string(j["scrypt_log2n"].get<int>()));
  row("header", std::to_string(j["header_bytes"].get<uint64_t>()) + " bytes");
  row("chunks", "~" + std::to_string(j["chunks_estimate"].get<uint64_t>()) + " (estimate)");
  row("sidecar", j["sidecar"].get<std::string>());
  if (j.contains("volumes")) {
    row("volumes", std::to_string(j["volumes"].get<uint32_t>()) + " (split package)");
    for (const auto& p : j["volume_problems"]) row("", printable(p.get<std::string>()));
  }
  row("timestamp", j["timestamp_response"].get<bool>() ? "response present (.tsr)" : "none");
}

// A zip or tar archive: its format and entries, read from the headers alone (no key).
int archive_info(const InfoOptions& o, Context& ctx) {
  PackageFile file(o.package);
  ArchiveListing l = list_archive(o.package, {}, false);
  if (l.problems.failure) throw *l.problems.failure;
  std::string sidecar = sidecar_status(o.package, file_sha256(o.package));
  uint64_t files = 0;
  for (const ExtractedEntry& e : l.entries) files += e.type == "file";
  nlohmann::json j = nlohmann::json::object();
  put_bytes(j, "package", o.package);
  j["package_bytes"] = file.size();
  j["format"] = l.format;
  j["entries"] = l.entries.size();
  j["files"] = files;
  j["encrypted_entries"] = l.encrypted;
  j["sidecar"] = sidecar;
  j["timestamp_response"] = ::access((o.package + ".tsr").c_str(), F_OK) == 0;
  if (o.json) {
    ctx.out << j.dump(2) << "\n";
  } else {
    auto row = [&](const char* k, const std::string& v) {
      ctx.out << std::left << std::setw(13) << k << v << "\n";
    };
    row("package", printable(o.package));
    row("size", human_bytes(file.size()) + " (" + std::to_string(file.size()) + " bytes)");
    row("format", "archive: " + printable(l.format));
    row("entries", std::to_string(l.entries.size()) + " (" + std::to_string(files) + " files)");
    row("encrypted", l.encrypted ? std::to_string(l.encrypted) + " entries" : "no");
    row("sidecar", sidecar);
    row("timestamp", j["timestamp_response"].get<bool>() ? "response present (.tsr)" : "none");
  }
  return sidecar == "MISMATCH" ? kExitIntegrity : kExitOk;
}

}  // namespace

void add_info_command(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "Show a package's header (no key needed)");
  cmd->add_option("package", o->package, "Package (.ppc), or a .zip/.tar archive")
      ->required()
      ->type_name("PKG");
  cmd->add_flag("--json", o->json, "Print JSON");
  cmd->callback([&ctx, o] {
    ctx.action = [&ctx, o] {
      if (!starts_like_package(o->package) && looks_like_archive(o->package)) {
        return archive_info(*o, ctx);
      }
      PackageFile file(o->package);
      ppc::HeaderInfo header = file.read_header();
      Progress progress("hashing", file.size(), progress_wanted(ctx.quiet));
      std::string sidecar = "not checked: volumes missing or truncated";
      if (file.volumes().problems.empty()) {
        std::vector<ppc::VolumeInfo> volumes;
        std::array<uint8_t, 32> digest = file_sha256(o->package, &progress, &volumes);
        sidecar = sidecar_status(o->package, digest, volumes);
      }
      progress.finish();
      nlohmann::json j = header_json(file, header, sidecar);
      if (o->json) {
        ctx.out << j.dump(2) << "\n";
      } else {
        print_text(j, ctx.out);
      }
      return sidecar == "MISMATCH" ? int{kExitIntegrity} : int{kExitOk};
    };
  });
}

}  // namespace biunzip
