#pragma once
// JSON strings must be UTF-8, entry names need not be: a name that is not valid UTF-8 is
// written as its printable() form plus "<key>_hex" holding the exact bytes.
#include <string_view>

#include <nlohmann/json.hpp>

#include "biunzip/text.hpp"
#include "ppc/hashing.hpp"

namespace biunzip {

template <class Json>
void put_bytes(Json& j, const char* key, std::string_view bytes) {
  if (is_valid_utf8(bytes)) {
    j[key] = std::string(bytes);
    return;
  }
  j[key] = printable(bytes);
  j[std::string(key) + "_hex"] =
      ppc::to_hex({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
}

// dump() that never throws on stray bytes in values that came from evidence.
template <class Json>
std::string dump_line(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace biunzip
