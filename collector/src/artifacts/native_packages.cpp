// Packages: what dpkg installed (packages), whether every file it installed is still what it
// installed (package_integrity, checked against the md5sums without running dpkg), and the PAM
// modules with their owners (pam_modules). Files are read through RootFs::open_read (no atime
// change, never a FIFO or device), each once.
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>
#include <set>

#include "natives.hpp"
#include "ppc/hashing.hpp"
#include "trace_parsers.hpp"

namespace collector::natives {
namespace {

constexpr const char* kDpkgInfo = "/var/lib/dpkg/info/";

struct FileDigest {
  std::string hex;
  int64_t size = 0;
  int64_t mtime = 0;
};

// MD5 or SHA-256 of an asset file, read once with read(2) up to the size seen at open.
// nullopt with *err set when it cannot be opened or read.
std::optional<FileDigest> digest_file(const RootFs& fs, std::string_view path, const EVP_MD* md,
                                      int* err) {
  struct stat st {};
  UniqueFd fd = fs.open_read(path, &st, err);
  if (!fd) return std::nullopt;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) {
    *err = ENOMEM;
    return std::nullopt;
  }
  std::vector<uint8_t> buf(1 << 20);
  auto left = static_cast<uint64_t>(st.st_size);
  while (left > 0) {
    ssize_t n = ::read(fd.get(), buf.data(), std::min<uint64_t>(buf.size(), left));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = errno;
      return std::nullopt;
    }
    if (n == 0) break;  // shrank under us: the digest is of what is there
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(n));
    left -= static_cast<uint64_t>(n);
  }
  uint8_t out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), out, &len);
  return FileDigest{ppc::to_hex({out, len}), static_cast<int64_t>(st.st_size),
                    static_cast<int64_t>(st.st_mtime)};
}

std::vector<parsers::DpkgPackage> dpkg_packages(ArtifactContext& ctx) {
  auto status = read_and_collect(ctx, "/var/lib/dpkg/status", 256u << 20);
  return status ? parsers::parse_dpkg_status(*status) : std::vector<parsers::DpkgPackage>{};
}

bool installed(const parsers::DpkgPackage& p) {
  // "install ok installed", "hold ok installed"; half-configured packages have files too.
  auto f = parsers::split_ws(p.status);
  return f.size() == 3 && f[2] != "not-installed" && f[2] != "config-files";
}

// The info file of a package: "name:arch.ext" for Multi-Arch: same packages, "name.ext" else.
std::string info_file(const RootFs& fs, const parsers::DpkgPackage& p, std::string_view ext) {
  std::string qualified = kDpkgInfo + p.name + ":" + p.architecture + std::string(ext);
  if (fs.exists(qualified)) return qualified;
  return kDpkgInfo + p.name + std::string(ext);
}

void rpm_note(ArtifactContext& ctx, std::string_view artifact) {
  for (const char* db :
       {"/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/rpmdb.sqlite"})
    if (ctx.fs().exists(db))
      ctx.note(std::string(artifact) + ": an rpm database is present (" + db +
               ") but only dpkg is read; the file is stored by package_db");
}

}  // namespace

void packages(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  auto& table = ctx.table("packages");
  std::map<std::string, std::string> logged;
  for (const char* log : {"/var/log/dpkg.log.1", "/var/log/dpkg.log"})  // oldest first
    if (auto text = read_source(ctx, log, 256u << 20))
      for (auto& [name, when] : parsers::parse_dpkg_log_installed(*text)) logged[name] = when;
  for (const auto& p : dpkg_packages(ctx)) {
    // The .list file is rewritten at each install or upgrade: its mtime is when that happened.
    auto list = fs.lstat(info_file(fs, p, ".list"));
    auto it = logged.find(p.name);
    table.add({{"manager", "dpkg"},
               {"name", p.name},
               {"version", text_or_null(p.version)},
               {"architecture", text_or_null(p.architecture)},
               {"status", text_or_null(p.status)},
               {"install_time", list ? integer(static_cast<int64_t>(list->st_mtime))
                                     : ppc::Value(std::monostate{})},
               {"logged_install", text_or_null(it == logged.end() ? "" : it->second)}});
  }
  rpm_note(ctx, "packages");
}

void package_integrity(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const bool keep_ok = ctx.def().option_int("keep_ok", 0) != 0;
  const int64_t max_packages = ctx.def().option_int("max_packages", 0);
  auto& table = ctx.table("package_integrity");
  // A diverted file (dpkg-divert) was moved aside by another package: this package's copy is
  // where the diversion put it.
  std::map<std::string, parsers::DpkgDiversion> diversions;
  if (auto text = read_source(ctx, "/var/lib/dpkg/diversions"))
    for (auto& d : parsers::parse_dpkg_diversions(*text)) diversions[d.path] = d;
  int64_t checked = 0, ok = 0, packages_seen = 0;
  auto check = [&](const std::string& package, std::string path, const std::string& expected) {
    if (auto d = diversions.find(path); d != diversions.end() && d->second.package != package)
      path = d->second.diverted_to;
    ++checked;
    int err = 0;
    std::string status, actual;
    if (auto dg = digest_file(fs, path, EVP_md5(), &err)) {
      actual = dg->hex;
      status = actual == expected ? "ok" : "modified";
    } else {
      status = err == ENOENT || err == ENOTDIR ? "missing" : "unreadable";
      if (status == "unreadable") ctx.source_error(path, errno_text(err));
    }
    if (status == "ok" && (++ok, !keep_ok)) return;
    table.add({{"manager", "dpkg"},
               {"package", package},
               {"path", path},
               {"expected", expected},
               {"actual", text_or_null(actual)},
               {"status", status}});
  };
  for (const auto& p : dpkg_packages(ctx)) {
    if (!installed(p)) continue;
    if (ctx.should_stop() || (max_packages > 0 && packages_seen >= max_packages)) break;
    ++packages_seen;
    const std::string sums = info_file(fs, p, ".md5sums");
    if (auto text = read_source(ctx, sums, 64u << 20)) {
      ctx.collect_file(sums);
      for (const auto& e : parsers::parse_md5sums(*text)) check(p.name, e.path, e.md5);
    }
    for (const auto& c : p.conffiles)  // conffiles may be edited by the admin: still a change
      if (!c.obsolete && c.md5.size() == 32) check(p.name, c.path, c.md5);
  }
  if (checked > 0)
    ctx.note("package_integrity: " + std::to_string(checked) + " files of " +
             std::to_string(packages_seen) + " dpkg packages checked, " + std::to_string(ok) +
             " unchanged" + (keep_ok ? "" : " (not listed)"));
  rpm_note(ctx, "package_integrity");
}

void pam_modules(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  // Owners: every path of a dpkg .list under a security/ directory, by device and inode, so
  // /lib/x86_64-linux-gnu/security and its merged-/usr twin are one file.
  std::map<std::pair<dev_t, ino_t>, std::string> owner;
  for (const auto& list : glob_files(fs, std::string(kDpkgInfo) + "*.list", 0)) {
    auto text = fs.read_file(list, 16u << 20);
    if (!text || text->find("/security/pam_") == std::string::npos) continue;
    std::string package = base_name(list);
    package = package.substr(0, package.size() - 5);
    if (auto colon = package.find(':'); colon != std::string::npos) package.resize(colon);
    for (auto line : parsers::split_lines(*text))
      if (line.find("/security/pam_") != std::string_view::npos)
        if (auto st = fs.stat(line)) owner[{st->st_dev, st->st_ino}] = package;
  }
  auto& table = ctx.table("pam_modules");
  std::set<std::pair<dev_t, ino_t>> seen;
  for (const char* dir : {"/lib/security", "/lib/*/security", "/lib64/security",
                          "/usr/lib/security", "/usr/lib/*/security", "/usr/lib64/security"}) {
    for (const auto& path : fs.glob(std::string(dir) + "/pam*.so")) {
      auto st = fs.stat(path);
      if (!st || !S_ISREG(st->st_mode) || !seen.insert({st->st_dev, st->st_ino}).second) continue;
      int err = 0;
      auto dg = digest_file(fs, path, EVP_sha256(), &err);
      if (!dg) ctx.source_error(path, errno_text(err));
      auto it = owner.find({st->st_dev, st->st_ino});
      table.add({{"path", path},
                 {"size", integer(static_cast<int64_t>(st->st_size))},
                 {"mtime", integer(static_cast<int64_t>(st->st_mtime))},
                 {"sha256", text_or_null(dg ? dg->hex : "")},
                 {"package", text_or_null(it == owner.end() ? "" : it->second)}});
    }
  }
}

}  // namespace collector::natives
