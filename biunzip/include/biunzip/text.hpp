#pragma once
// Text helpers for showing hostile bytes (entry names, evidence strings) to a person.
#include <cstdint>
#include <string>
#include <string_view>

namespace biunzip {

// Valid, printable UTF-8 passes through; control characters, invalid bytes and the Unicode
// bidirectional controls (which can make "gpj.exe" read as "exe.jpg") become visible escapes
// such as \x1b or \u202e; a backslash becomes "\\". The result is safe for a terminal line.
std::string printable(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

// "1.5 GiB", "312 B".
std::string human_bytes(uint64_t bytes);

// "2024-05-01T12:00:00Z" for seconds since the epoch.
std::string utc_time(int64_t seconds);
std::string utc_now();

}  // namespace biunzip
