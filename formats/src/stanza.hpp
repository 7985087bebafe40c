#pragma once
// Recipient stanzas (internal): wrapping the file key for each recipient type and unwrapping it
// with an identity. Byte layouts are in docs/FORMAT.md, "Recipient stanzas".
#include <cstdint>
#include <optional>
#include <span>

#include "ppc/environment.hpp"
#include "ppc/header.hpp"
#include "ppc/keys.hpp"
#include "ppc/reader.hpp"

namespace ppc::detail {

// The file key is always 32 bytes.
Stanza wrap_file_key(const Recipient& recipient, std::span<const uint8_t, 32> file_key,
                     Random& random);
Stanza plaintext_key_stanza(std::span<const uint8_t, 32> file_key);

// Tries one identity on one stanza. nullopt when the identity does not fit the stanza (other
// type, other X25519 key, wrong passphrase, wrong RSA key). Throws Error(kdf_cost_too_high)
// before running scrypt over the cap, Error(header_malformed) for a malformed body.
std::optional<SecureBytes> unwrap_file_key(const Stanza& stanza, const Identity& identity,
                                           const ReaderLimits& limits);

}  // namespace ppc::detail
