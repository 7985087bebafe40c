// Sigma `re` values on std::regex (ECMAScript): PCRE's leading inline flags and the s flag are
// translated; anything else std::regex rejects is reported at load as unsupported.
#include <stdexcept>

#include "detection.hpp"

namespace sigma::detail {
namespace {

// `.` outside a bracket expression also matches newlines under the s flag.
std::string dot_matches_newline(const std::string& p) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
    } else if (in_class) {
      out += c;
      if (c == ']') in_class = false;
    } else if (c == '[') {
      out += c;
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
    } else {
      out += c == '.' ? std::string("[\\s\\S]") : std::string(1, c);
    }
  }
  return out;
}

}  // namespace

std::shared_ptr<const std::regex> compile_regex(const std::string& pattern, bool icase,
                                                bool multiline, bool dotall) {
  std::string p = pattern;
  if (p.rfind("(?", 0) == 0) {
    const size_t close = p.find(')');
    const std::string flags = close == std::string::npos ? "" : p.substr(2, close - 2);
    if (!flags.empty() && flags.find_first_not_of("ims") == std::string::npos) {
      icase = icase || flags.find('i') != std::string::npos;
      multiline = multiline || flags.find('m') != std::string::npos;
      dotall = dotall || flags.find('s') != std::string::npos;
      p = p.substr(close + 1);
    }
  }
  if (dotall) p = dot_matches_newline(p);
  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  if (multiline) flags |= std::regex::multiline;
  try {
    return std::make_shared<const std::regex>(p, flags);
  } catch (const std::regex_error& e) {
    throw std::invalid_argument("regular expression '" + pattern +
                                "' not supported by std::regex: " + e.what());
  }
}

}  // namespace sigma::detail
