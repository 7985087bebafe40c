#pragma once
// Sizes as people type them, with one grammar for every option, configuration key and profile
// value of both tools (docs/USAGE.md, "Sizes").
//
//   size  = digits [" "] [unit]          digits: 0-9 only (no sign, no fraction)
//   unit  = "B"                          bytes
//         | "K" | "M" | "G" | "T"        powers of 1024 (as "KiB" ... "TiB")
//         | "KiB" | "MiB" | "GiB" | "TiB"
//         | "KB" | "MB" | "GB" | "TB"    powers of 1000 (GNU coreutils' convention)
//
// Units are case-insensitive ("64mib", "5mb"). A value that does not fit in 64 bits is refused,
// so "-1" or "99999999999TiB" can never become a huge limit by wrapping around.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ppc {

// The number of bytes `text` means, or nullopt when it does not follow the grammar above.
std::optional<uint64_t> parse_size(std::string_view text);

// One line for error messages: what a size looks like.
inline constexpr std::string_view kSizeExamples =
    "a byte count with an optional unit: 4096, 512K, 64MiB, 2G (powers of 1024), 5MB (powers of "
    "1000)";

// "'TEXT' is not a size (...)": the message every front end shows for a malformed size.
std::string not_a_size_message(std::string_view text);

}  // namespace ppc
