#include "biunzip/verify.hpp"

#include <unistd.h>

#include <cstdio>
#include <ostream>

#include "biunzip/archive_extract.hpp"
#include "biunzip/exit_codes.hpp"
#include "biunzip/package_file.hpp"
#include "biunzip/text.hpp"
#include "biunzip/timestamp_check.hpp"

namespace biunzip {
namespace {

constexpr const char* kReadChecks[] = {"key", "chunks", "entries", "manifest", "signature"};

// Which check a reader failure belongs to.
std::string check_for(ppc::ErrorClass c) {
  using ppc::ErrorClass;
  switch (c) {
    case ErrorClass::not_a_package:
    case ErrorClass::unsupported_version:
    case ErrorClass::header_malformed:
      return "header";
    case ErrorClass::no_matching_key:
    case ErrorClass::wrong_passphrase:
    case ErrorClass::kdf_cost_too_high:
    case ErrorClass::header_mac:
      return "key";
    case ErrorClass::chunk_auth:
    case ErrorClass::truncated:
    case ErrorClass::trailing_data:
      return "chunks";
    case ErrorClass::payload_malformed:
      return "entries";
    case ErrorClass::manifest:
      return "manifest";
    case ErrorClass::signature:
      return "signature";
    default:
      return "chunks";
  }
}

// Counts as extract does (files, directories, symlinks). An entry whose digest only the next
// checkpoint covers is pending until that checkpoint is read: it counts as verified then.
class CountingVisitor final : public ppc::EntryVisitor {
 public:
  void end(const ppc::EntryOutcome& o) override {
    ++entries;
    if (o.info.meta.type == ppc::EntryType::directory) {
      ++directories;
    } else if (o.info.meta.type == ppc::EntryType::symlink) {
      ++symlinks;
    } else {
      ++files;
    }
    if (o.verification == ppc::Verification::verified) ++verified;
    if (o.verification == ppc::Verification::pending) ++pending;
    bytes += o.bytes;
  }
  void checkpoint(const ppc::Checkpoint&) override {
    verified += pending;
    pending = 0;
  }
  uint64_t entries = 0, files = 0, directories = 0, symlinks = 0, verified = 0, pending = 0,
           bytes = 0;
};

Check ok(std::string name, std::string detail) {
  return {std::move(name), Check::State::ok, std::move(detail), std::nullopt};
}
Check skipped(std::string name, std::string detail) {
  return {std::move(name), Check::State::skipped, std::move(detail), std::nullopt};
}
Check failed(std::string name, const ppc::Error& e) {
  return {std::move(name), Check::State::fail,
          std::string(ppc::to_string(e.error_class())) + ": " + printable(e.what()),
          e.error_class()};
}

std::string header_detail(const ppc::HeaderInfo& h) {
  std::string r;
  for (const ppc::Stanza& s : h.stanzas)
    r += (r.empty() ? "" : ", ") + std::string(ppc::to_string(s.type));
  return "PPC " + std::to_string(h.version_major) + "." + std::to_string(h.version_minor) + ", " +
         ppc::cipher_name(h.cipher) + ", " + ppc::compression_name(h.compression) + ", " +
         human_bytes(h.chunk_bytes()) + " chunks; recipients: " + r;
}

void read_checks(const ppc::ReadReport& r, const CountingVisitor& v, bool want_key,
                 std::vector<Check>& out) {
  out.push_back(ok("key", std::string("unlocked by ") + std::string(ppc::to_string(r.unlocked_by)) +
                              "; header MAC verified"));
  out.push_back(ok("chunks", std::to_string(r.chunks) + " chunks authenticated, " +
                                 human_bytes(r.payload_bytes) + " of payload"));
  std::string counts = std::to_string(v.files) + " files (" + human_bytes(v.bytes) + "), " +
                       std::to_string(v.directories) + " directories, " +
                       std::to_string(v.symlinks) + " symlinks";
  if (v.verified == v.entries) {
    out.push_back(ok("entries", counts + "; every entry verified by SHA-256"));
  } else {  // a complete read confirms every entry: anything else is a reader defect
    out.push_back({"entries", Check::State::fail,
                   counts + "; only " + std::to_string(v.verified) + " of " +
                       std::to_string(v.entries) + " entries verified",
                   ppc::ErrorClass::manifest});
  }
  out.push_back(ok(
      "manifest", "final manifest and " + std::to_string(r.checkpoints) + " checkpoints verified"));
  if (!r.signed_package) {
    Check c = skipped("signature", "the package is not signed");
    if (want_key) {
      c = {"signature", Check::State::fail, "--verify-key given but the package is not signed",
           ppc::ErrorClass::signature};
    }
    out.push_back(c);
  } else if (want_key && !r.signature_matches_key) {
    out.push_back({"signature", Check::State::fail,
                   "signed by key " + r.signer_key_id + ", not by the --verify-key key",
                   ppc::ErrorClass::signature});
  } else {
    out.push_back(ok("signature", "signed by " + r.signer_key_id + " (Ed25519 signature verified)" +
                                      (want_key ? " (matches --verify-key)" : "")));
  }
}

}  // namespace

const Check* VerifyOutcome::first_failure() const {
  for (const Check& c : checks) {
    if (c.state == Check::State::fail) return &c;
  }
  return nullptr;
}

int VerifyOutcome::exit_code() const {
  const Check* f = first_failure();
  return f ? exit_code_for(f->error_class.value_or(ppc::ErrorClass::crypto)) : kExitOk;
}

namespace {

// The checks that look at the file as a whole: the .sha256 sidecar and an RFC 3161 response.
void file_checks(const VerifyRequest& q, VerifyOutcome& v) {
  std::string sidecar = sidecar_status(q.package, v.package_sha256, v.volumes);
  if (!v.volume_problems.empty()) {
    v.checks.push_back({"sidecar", Check::State::fail,
                        "volumes: " + v.volume_problems.front() +
                            (v.volume_problems.size() > 1 ? " (and more)" : ""),
                        ppc::ErrorClass::truncated});
  } else if (sidecar == "missing") {
    v.checks.push_back(skipped("sidecar", "no " + printable(q.package) + ".sha256"));
  } else if (sidecar == "match") {
    v.checks.push_back(ok("sidecar", v.volumes.size() > 1
                                         ? ".sha256 matches each of the " +
                                               std::to_string(v.volumes.size()) + " volumes"
                                         : ".sha256 matches " + ppc::to_hex(v.package_sha256)));
  } else {
    v.checks.push_back(
        {"sidecar", Check::State::fail,
         ".sha256 does not match the package's SHA-256 " + ppc::to_hex(v.package_sha256),
         ppc::ErrorClass::manifest});
  }
  std::string tsr = q.tsr.empty() ? q.package + ".tsr" : q.tsr;
  if (q.tsr.empty() && ::access(tsr.c_str(), F_OK) != 0) {
    v.checks.push_back(skipped("timestamp", "no " + printable(tsr)));
  } else {
    v.checks.push_back(timestamp_check(tsr, v.package_sha256, q.ca_file));
  }
}

// A zip or tar archive: every entry's data read (zip CRCs checked), no chunks, manifest or
// signature to check.
VerifyOutcome verify_archive(const VerifyRequest& q) {
  VerifyOutcome v;
  std::vector<std::string> passphrases;
  for (auto& p : collect_passphrases(q.keys)) passphrases.emplace_back(p.begin(), p.end());
  ArchiveListing l =
      list_archive(q.package, passphrases, true, passphrases.empty() && q.keys.allow_prompt);
  if (l.problems.failure) {
    v.checks.push_back(failed("header", *l.problems.failure));
  } else {
    v.checks.push_back(ok("header", "archive: " + printable(l.format) + ", " +
                                        std::to_string(l.entries.size()) + " entries"));
  }
  const Problem* key_problem = nullptr;
  const Problem* data_problem = nullptr;
  for (const Problem& p : l.problems.problems) {
    const Problem*& slot = exit_code_for(p.error_class) == kExitKey ? key_problem : data_problem;
    if (!slot) slot = &p;
  }
  if (key_problem) {
    v.checks.push_back(
        {"key", Check::State::fail, printable(key_problem->message), key_problem->error_class});
  } else if (l.encrypted) {
    v.checks.push_back(ok("key", std::to_string(l.encrypted) + " encrypted entries opened"));
  } else {
    v.checks.push_back(skipped("key", "no entry is encrypted"));
  }
  v.checks.push_back(skipped("chunks", "not a PPC package"));
  uint64_t files = 0, dirs = 0, links = 0, bytes = 0;
  for (const ExtractedEntry& e : l.entries) {
    files += e.type == "file";
    dirs += e.type == "directory";
    links += e.type == "symlink";
    if (e.type == "file") bytes += e.size;
  }
  std::string counts = std::to_string(files) + " files (" + human_bytes(bytes) + "), " +
                       std::to_string(dirs) + " directories, " + std::to_string(links) +
                       " symlinks";
  if (data_problem) {
    v.checks.push_back({"entries", Check::State::fail, printable(data_problem->message),
                        data_problem->error_class});
  } else if (!l.problems.failure && !key_problem) {
    v.checks.push_back(ok("entries", counts + "; every file read, CRCs checked"));
  } else {
    v.checks.push_back(skipped("entries", "not reached"));
  }
  v.checks.push_back(skipped("manifest", "archives have no manifest"));
  if (q.keys.verify_key_file.empty()) {
    v.checks.push_back(skipped("signature", "archives are not signed"));
  } else {
    v.checks.push_back({"signature", Check::State::fail,
                        "--verify-key given but archives are not signed",
                        ppc::ErrorClass::signature});
  }
  v.entries = l.entries.size();
  v.package_sha256 = file_sha256(q.package);
  v.package_bytes = PackageFile(q.package).size();
  file_checks(q, v);
  return v;
}

}  // namespace

VerifyOutcome verify_package(const VerifyRequest& q) {
  if (!starts_like_package(q.package) && looks_like_archive(q.package)) return verify_archive(q);
  VerifyOutcome v;
  PackageFile file(q.package);
  Progress progress("verify", file.size(), q.progress);
  TrackingSource source(file, &progress);
  try {
    ppc::HeaderInfo header = file.read_header();
    v.checks.push_back(ok("header", header_detail(header)));
    ppc::ReadOptions options = make_read_options(q.keys, header);
    CountingVisitor counter;
    try {
      ppc::ReadReport r = ppc::read_package(source, options, counter);
      read_checks(r, counter, options.verify_key.has_value(), v.checks);
      v.entries = counter.entries;
    } catch (const ppc::Error& e) {
      std::string where = check_for(e.error_class());
      bool reached = true;
      for (const char* name : kReadChecks) {
        if (where == name) {
          v.checks.push_back(failed(name, e));
          reached = false;
        } else {
          std::string detail = std::string(name) == "key" ? "unlocked; header MAC verified"
                                                          : "passed up to the failure";
          v.checks.push_back(reached ? ok(name, detail) : skipped(name, "not reached"));
        }
      }
    }
  } catch (const ppc::Error& e) {
    if (e.error_class() == ppc::ErrorClass::io || e.error_class() == ppc::ErrorClass::usage) throw;
    v.checks.push_back(failed("header", e));
    for (const char* name : kReadChecks) v.checks.push_back(skipped(name, "not reached"));
  }
  v.package_sha256 = source.whole_file_sha256();
  v.package_bytes = source.bytes_read();
  v.volumes = source.volumes_read();
  for (const ppc::VolumeProblem& p : file.volumes().problems)
    v.volume_problems.push_back(ppc::describe(p));
  progress.finish();
  file_checks(q, v);
  return v;
}

void print_checks(const VerifyOutcome& v, std::ostream& out, bool quiet) {
  for (const Check& c : v.checks) {
    if (quiet && c.state != Check::State::fail) continue;
    const char* state = c.state == Check::State::ok     ? "OK"
                        : c.state == Check::State::fail ? "FAIL"
                                                        : "skipped";
    char head[32];
    std::snprintf(head, sizeof head, "%-8s%-10s ", state, c.name.c_str());
    out << head << c.detail << "\n";
  }
  const Check* f = v.first_failure();
  if (f) {
    int code = v.exit_code();
    out << "verify: FAILED: " << f->name << " check, " << exit_code_name(code) << " failure (exit "
        << code << ")\n";
  } else if (!quiet) {
    out << "verify: OK\n";
  }
}

}  // namespace biunzip
