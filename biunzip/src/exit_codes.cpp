#include "biunzip/exit_codes.hpp"

namespace biunzip {

int exit_code_for(ppc::ErrorClass c) {
  using ppc::ErrorClass;
  switch (c) {
    case ErrorClass::usage:
      return kExitUsage;
    case ErrorClass::no_matching_key:
    case ErrorClass::wrong_passphrase:
    case ErrorClass::kdf_cost_too_high:
      return kExitKey;
    case ErrorClass::header_malformed:
    case ErrorClass::header_mac:
    case ErrorClass::chunk_auth:
    case ErrorClass::trailing_data:
    case ErrorClass::payload_malformed:
    case ErrorClass::manifest:
    case ErrorClass::signature:
      return kExitIntegrity;
    case ErrorClass::truncated:
      return kExitTruncated;
    case ErrorClass::unsafe_entry:
    case ErrorClass::limit:
      return kExitRefused;
    case ErrorClass::io:
      return kExitIo;
    case ErrorClass::timestamp:
      return kExitTimestamp;
    case ErrorClass::not_a_package:
    case ErrorClass::unsupported_version:
    case ErrorClass::crypto:
      return kExitOther;
  }
  return kExitOther;
}

std::string exit_code_name(int code) {
  switch (code) {
    case kExitOk:
      return "ok";
    case kExitUsage:
      return "usage";
    case kExitKey:
      return "key";
    case kExitIntegrity:
      return "integrity";
    case kExitTruncated:
      return "truncated";
    case kExitRefused:
      return "refused";
    case kExitIo:
      return "io";
    case kExitTimestamp:
      return "timestamp";
    case kExitExists:
      return "exists";
    default:
      return "other";
  }
}

std::string exit_code_help() {
  return "Exit codes:\n"
         "   0  success\n"
         "   1  other failure (not a package, unsupported version, crypto library error)\n"
         "   2  usage error (bad option, missing or unreadable --csv list)\n"
         "  10  no matching key or wrong passphrase (or scrypt cost above --max-scrypt)\n"
         "  11  integrity failure: chunk authentication, header MAC, manifest, signature,\n"
         "      malformed payload, .sha256 sidecar mismatch\n"
         "  12  truncated package\n"
         "  13  unsafe or over-limit entries refused (all other entries were extracted)\n"
         "  14  I/O error (missing package, unwritable output, disk full)\n"
         "  15  RFC 3161 timestamp does not match the package\n"
         "  16  the output directory already holds files (use --force or another -o DIR)\n";
}

}  // namespace biunzip
