#pragma once
// Pure parsers of the package databases, private keys, authentication logs and browser
// histories (native_packages.cpp, native_keys.cpp, native_auth.cpp, native_browsers.cpp).
// Same rules as parsers.hpp: bytes or text in, records out, no I/O; every input is untrusted.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace collector::parsers {

// ---- dpkg (parse_packages.cpp) ----
struct DpkgConffile {
  std::string path, md5;  // md5 may be "newconffile" (never configured)
  bool obsolete = false;
};
struct DpkgPackage {
  std::string name, version, architecture, status, multi_arch;
  std::vector<DpkgConffile> conffiles;
};
// /var/lib/dpkg/status: RFC 822 style stanzas separated by blank lines; continuation lines
// start with a blank. Stanzas without a Package field are dropped.
std::vector<DpkgPackage> parse_dpkg_status(std::string_view text);

struct Md5sumEntry {
  std::string md5;   // 32 lowercase hex digits
  std::string path;  // absolute ("usr/bin/ls" in the file becomes "/usr/bin/ls")
};
// /var/lib/dpkg/info/<package>.md5sums: "<md5>  <path>" lines; malformed lines are skipped.
std::vector<Md5sumEntry> parse_md5sums(std::string_view text);

struct DpkgDiversion {
  std::string path, diverted_to, package;  // package ":" for a local diversion
};
// /var/lib/dpkg/diversions: groups of three lines (path, where it went, diverting package).
std::vector<DpkgDiversion> parse_dpkg_diversions(std::string_view text);

// dpkg.log: the last "status installed <pkg>[:arch] <version>" time per package name (as the
// log writes it: "YYYY-MM-DD HH:MM:SS", the asset's local time).
std::map<std::string, std::string> parse_dpkg_log_installed(std::string_view text);

}  // namespace collector::parsers

namespace collector::parsers {

// ---- private keys (parse_keys.cpp) ----
// What a private key file says about itself without its secret: the public half (OpenSSH and
// PuTTY files carry it in clear, unencrypted PEM keys yield it), whether a passphrase protects
// it. The key material itself is never copied out of the parser.
struct PrivateKeyInfo {
  std::string format;       // openssh | pem-rsa | pem-ec | pem-dsa | pkcs8 | putty
  std::string key_type;     // ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ssh-dss, ...; "unknown"
  int64_t bits = 0;         // 0 when unknown (an encrypted PEM key)
  bool encrypted = false;   // a passphrase protects it
  std::string cipher;       // aes256-ctr, AES-128-CBC, ...; empty when not encrypted
  std::string fingerprint;  // "SHA256:..." of the public key blob, like ssh-keygen -l; may be empty
  std::string comment;      // PuTTY's Comment (OpenSSH's is inside the private section)
};
// nullopt when the text is not a private key.
std::optional<PrivateKeyInfo> parse_private_key(std::string_view text);
// SHA256 fingerprint and key size of an SSH public key blob (RFC 4253 encoding).
struct SshPublicKey {
  std::string key_type, fingerprint;
  int64_t bits = 0;
};
std::optional<SshPublicKey> describe_ssh_public_blob(std::string_view blob);

}  // namespace collector::parsers

namespace collector::parsers {

// ---- authentication logs (parse_auth.cpp) ----
struct AuthEvent {
  int line = 0;
  std::optional<int64_t> time;  // Unix seconds, UTC (see parse_auth_log)
  std::string logged_time;      // the stamp as written
  std::string host, program;
  std::optional<int64_t> pid;
  std::string event;        // ssh | sudo | su | login
  std::string user;         // who logged in / ran sudo / ran su
  std::string target_user;  // sudo's USER=, su's target
  std::string source_ip;
  std::optional<int64_t> port;
  std::string method;   // password, publickey, keyboard-interactive/pam, invalid_user, ...
  std::string result;   // success | failure
  std::string command;  // sudo's COMMAND=; for a sudo failure, the reason first
};
// auth.log / secure lines of sshd, sudo, su and login. Traditional syslog stamps
// ("Mar  3 10:11:12") carry neither year nor zone: they are read as UTC in `year` (the year of
// the file's last write), the previous year for months after `last_month` (1-12). ISO 8601
// stamps (rsyslog's high precision format) are exact.
std::vector<AuthEvent> parse_auth_log(std::string_view text, int year, int last_month);

}  // namespace collector::parsers

namespace collector::parsers {

// ---- browser histories (parse_browser.cpp) ----
struct BrowserVisit {
  std::string url, title;
  int64_t visit_count = 0;
  std::optional<int64_t> last_visit;  // Unix seconds
};
struct BrowserDownload {
  std::string url, target_path;
  std::optional<int64_t> start_time;  // Unix seconds
};
struct BrowserHistory {
  std::vector<BrowserVisit> visits;
  std::vector<BrowserDownload> downloads;
  std::string error;  // not a database of that kind, or SQLite's message
};
// A Chromium "History" database (Chrome, Chromium, Edge, Brave, Opera, Vivaldi) or a Firefox
// places.sqlite, given as its bytes: opened in memory, read-only (sqlite3_deserialize), so no
// file is created or changed anywhere (a WAL-mode header is rewritten in this copy only). Tables
// the database lacks yield no rows.
BrowserHistory read_chromium_history(std::string db_bytes);
BrowserHistory read_firefox_places(std::string db_bytes);

}  // namespace collector::parsers
