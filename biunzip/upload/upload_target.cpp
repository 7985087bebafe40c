// --to URL: sftp://[user@]host[:port]/path, s3://bucket[/prefix],
// azure://account/container[/prefix].
#include "biunzip/upload.hpp"
#include "ppc/error.hpp"

namespace biunzip {
namespace {

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  while (!s.empty() && s.front() == '/') s.erase(0, 1);
  return s;
}

// The URL as it may be shown: no query (a SAS token) and no password.
std::string redacted(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  std::size_t start = out.find("://");
  std::size_t at = out.find('@');
  if (start != std::string::npos && at != std::string::npos) {
    std::size_t colon = out.find(':', start + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon, at - colon, ":***");
  }
  return out;
}

[[noreturn]] void bad(const std::string& url, const std::string& why) {
  ppc::fail(ppc::ErrorClass::usage, "--to " + redacted(url) + ": " + why);
}

}  // namespace

UploadTarget parse_upload_target(const std::string& url) {
  UploadTarget t;
  std::size_t colon = url.find("://");
  if (colon == std::string::npos) bad(url, "not a URL (sftp://, s3:// or azure://)");
  std::string scheme = url.substr(0, colon);
  std::string rest = url.substr(colon + 3);
  if (rest.find_first_of("?#") != std::string::npos || rest.find("..") != std::string::npos)
    bad(url, "no query, fragment or '..' allowed (secrets go in --sas-file or the environment)");
  std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.empty()) bad(url, "no host, bucket or account");
  if (scheme == "sftp") {
    t.kind = UploadTarget::Kind::sftp;
    if (std::size_t at = authority.rfind('@'); at != std::string::npos) {
      t.user = authority.substr(0, at);
      authority = authority.substr(at + 1);
      if (t.user.find(':') != std::string::npos) bad(url, "no password in the URL (use a key)");
    }
    if (std::size_t c = authority.rfind(':'); c != std::string::npos && authority.back() != ']') {
      try {
        t.port = std::stoi(authority.substr(c + 1));
      } catch (const std::exception&) {
        bad(url, "bad port");
      }
      if (t.port < 1 || t.port > 65535) bad(url, "bad port");
      authority = authority.substr(0, c);
    }
    t.host = authority;
    t.prefix = "/" + trim_slashes(path);
    if (t.prefix == "/") t.prefix.clear();
  } else if (scheme == "s3") {
    t.kind = UploadTarget::Kind::s3;
    t.bucket = authority;
    t.prefix = trim_slashes(path);
  } else if (scheme == "azure") {
    t.kind = UploadTarget::Kind::azure;
    t.bucket = authority;
    std::string p = trim_slashes(path);
    std::size_t s = p.find('/');
    t.container = p.substr(0, s);
    t.prefix = s == std::string::npos ? "" : trim_slashes(p.substr(s));
    if (t.container.empty()) bad(url, "no container (azure://account/container[/prefix])");
  } else {
    bad(url, "unsupported scheme " + scheme + " (sftp, s3, azure)");
  }
  return t;
}

}  // namespace biunzip
