#pragma once
// RFC 4648 base32 without padding (internal): the alphabet of the ppc1… recipient and
// PPC-SECRET-KEY-1… identity strings. Not in OpenSSL, and 40 lines, so it lives here.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ppc/secure.hpp"

namespace ppc::detail {

// Lowercase or uppercase output; never padded.
std::string base32_encode(std::span<const uint8_t> data, bool upper);
// Accepts upper- and lowercase letters. nullopt on a character outside the alphabet (padding
// included) or on non-zero trailing bits, so each byte string has exactly one accepted text.
// Returns SecureBytes because identities pass through here.
std::optional<SecureBytes> base32_decode(std::string_view text);

}  // namespace ppc::detail
