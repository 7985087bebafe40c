#include "ppc/error.hpp"

#include <openssl/err.h>

#include <cerrno>
#include <cstring>

namespace ppc {

std::string_view to_string(ErrorClass c) {
  switch (c) {
    case ErrorClass::io:
      return "io";
    case ErrorClass::usage:
      return "usage";
    case ErrorClass::not_a_package:
      return "not-a-package";
    case ErrorClass::unsupported_version:
      return "unsupported-version";
    case ErrorClass::header_malformed:
      return "header-malformed";
    case ErrorClass::header_mac:
      return "header-mac";
    case ErrorClass::no_matching_key:
      return "no-matching-key";
    case ErrorClass::wrong_passphrase:
      return "wrong-passphrase";
    case ErrorClass::kdf_cost_too_high:
      return "kdf-cost-too-high";
    case ErrorClass::chunk_auth:
      return "chunk-auth";
    case ErrorClass::truncated:
      return "truncated";
    case ErrorClass::trailing_data:
      return "trailing-data";
    case ErrorClass::payload_malformed:
      return "payload-malformed";
    case ErrorClass::manifest:
      return "manifest";
    case ErrorClass::signature:
      return "signature";
    case ErrorClass::unsafe_entry:
      return "unsafe-entry";
    case ErrorClass::limit:
      return "limit";
    case ErrorClass::timestamp:
      return "timestamp";
    case ErrorClass::crypto:
      return "crypto";
  }
  return "unknown";
}

void fail(ErrorClass c, const std::string& message) {
  throw Error(c, message);
}

void fail_errno(const std::string& what) {
  int err = errno;
  throw Error(ErrorClass::io, what + ": " + std::strerror(err), err);
}

void fail_openssl(const std::string& what) {
  unsigned long code = ERR_get_error();
  std::string message = what;
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  throw Error(ErrorClass::crypto, message);
}

}  // namespace ppc
