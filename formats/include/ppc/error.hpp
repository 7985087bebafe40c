#pragma once
// Typed errors of the PPC library: one ErrorClass per failure class of the format.
//
// The library throws ppc::Error; front ends catch it at the edge and map the class to an exit
// code (see exit_code_for). Every message is one line that names what failed and where.
#include <stdexcept>
#include <string>
#include <string_view>

namespace ppc {

enum class ErrorClass {
  io,                   // reading or writing a file, pipe or device failed
  usage,                // the caller asked for something impossible (bad option value)
  not_a_package,        // no PPC magic at offset 0
  unsupported_version,  // a major version or algorithm id this build does not know
  header_malformed,     // header fields out of range or inconsistent
  header_mac,           // the file key was recovered but the header MAC does not match
  no_matching_key,      // no identity given unwraps any recipient stanza
  wrong_passphrase,     // passphrase stanzas exist, none opens with the passphrase given
  kdf_cost_too_high,    // a passphrase stanza's scrypt work factor exceeds the reader's cap
  chunk_auth,           // a payload chunk fails authentication (bit flip, reordering, splicing)
  truncated,            // the payload ends before its final chunk (or mid-chunk)
  trailing_data,        // bytes follow the final chunk
  payload_malformed,    // the authenticated payload does not decompress or parse as tar
  manifest,      // an entry's hash or size disagrees with the manifest, or entries are missing
  signature,     // the manifest signature does not verify
  unsafe_entry,  // an entry would land outside the output directory or is a device/setuid file
  limit,         // a configured limit was hit (size, ratio, free space)
  timestamp,     // an RFC 3161 response does not match the package
  crypto,        // an OpenSSL call failed unexpectedly
};

std::string_view to_string(ErrorClass c);

class Error : public std::runtime_error {
 public:
  Error(ErrorClass c, const std::string& message, int sys_errno = 0)
      : std::runtime_error(message), class_(c), errno_(sys_errno) {}
  ErrorClass error_class() const noexcept { return class_; }
  // The errno behind an io error (0 when there is none), e.g. EIO from a failing disk.
  int sys_errno() const noexcept { return errno_; }

 private:
  ErrorClass class_;
  int errno_;
};

[[noreturn]] void fail(ErrorClass c, const std::string& message);
// Throws ErrorClass::io with "<what>: <strerror(errno)>".
[[noreturn]] void fail_errno(const std::string& what);
// Throws ErrorClass::crypto with the OpenSSL error queue's first message appended.
[[noreturn]] void fail_openssl(const std::string& what);

}  // namespace ppc
