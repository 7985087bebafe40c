// Compiling `field|modifier|...: value(s)` into a FieldTest (Sigma v2 modifier appendix).
#include <arpa/inet.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <stdexcept>

#include "detection.hpp"

namespace sigma::detail {
namespace {

enum class Encoding { base64, base64offset, windash, utf16le, utf16be };

struct Modifiers {
  ValueKind kind = ValueKind::glob;
  Anchor anchor = Anchor::exact;
  bool anchor_set = false, all = false, cased = false;
  bool re_i = false, re_m = false, re_s = false;
  Compare compare = Compare::gt;
  std::vector<Encoding> encodings;  // in rule order
};

[[noreturn]] void unsupported(const std::string& why) {
  throw std::invalid_argument(why);
}

void set_kind(Modifiers& m, ValueKind kind, std::string_view name) {
  if (m.kind != ValueKind::glob) unsupported("modifier '" + std::string(name) + "' after a type");
  m.kind = kind;
}

void apply_modifier(Modifiers& m, std::string_view mod) {
  if (mod == "contains" || mod == "startswith" || mod == "endswith") {
    m.anchor = mod == "contains"     ? Anchor::contains
               : mod == "startswith" ? Anchor::startswith
                                     : Anchor::endswith;
    m.anchor_set = true;
  } else if (mod == "all")
    m.all = true;
  else if (mod == "cased")
    m.cased = true;
  else if (mod == "re")
    set_kind(m, ValueKind::regex, mod);
  else if (m.kind == ValueKind::regex && (mod == "i" || mod == "m" || mod == "s"))
    (mod == "i" ? m.re_i : mod == "m" ? m.re_m : m.re_s) = true;
  else if (mod == "cidr")
    set_kind(m, ValueKind::cidr, mod);
  else if (mod == "exists")
    set_kind(m, ValueKind::exists, mod);
  else if (mod == "fieldref")
    set_kind(m, ValueKind::fieldref, mod);
  else if (mod == "gt" || mod == "gte" || mod == "lt" || mod == "lte") {
    set_kind(m, ValueKind::compare, mod);
    m.compare = mod == "gt"    ? Compare::gt
                : mod == "gte" ? Compare::gte
                : mod == "lt"  ? Compare::lt
                               : Compare::lte;
  } else if (mod == "base64")
    m.encodings.push_back(Encoding::base64);
  else if (mod == "base64offset")
    m.encodings.push_back(Encoding::base64offset);
  else if (mod == "windash")
    m.encodings.push_back(Encoding::windash);
  else if (mod == "wide" || mod == "utf16le")
    m.encodings.push_back(Encoding::utf16le);
  else if (mod == "utf16be")
    m.encodings.push_back(Encoding::utf16be);
  else if (mod == "expand")
    unsupported("placeholders (modifier 'expand') are not supported");
  else
    unsupported("unknown modifier '" + std::string(mod) + "'");
}

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// The three encodings of `s` at byte offsets 0, 1 and 2 of a longer base64 text, without the
// leading and trailing characters that depend on the unknown neighbouring bytes.
void base64_offsets(const std::string& s, std::vector<std::string>& out) {
  static const size_t kStart[3] = {0, 2, 3};
  static const size_t kEndTrim[3] = {0, 3, 2};
  for (size_t i = 0; i < 3; ++i) {
    const std::string enc = base64(std::string(i, '\0') + s);
    const size_t trim = kEndTrim[(s.size() + i) % 3];
    if (enc.size() >= kStart[i] + trim)
      out.push_back(enc.substr(kStart[i], enc.size() - kStart[i] - trim));
  }
}

// Every spelling of the command-line switches in `s`: a `-` or `/` opening a word becomes each
// of - / en-dash em-dash horizontal-bar.
void windash(const std::string& s, std::vector<std::string>& out) {
  static const char* const kDashes[] = {"-", "/", "\u2013", "\u2014", "\u2015"};
  std::vector<size_t> at;
  for (size_t i = 0; i < s.size(); ++i)
    if ((s[i] == '-' || s[i] == '/') && (i == 0 || s[i - 1] == ' ')) at.push_back(i);
  if (at.size() > 6) unsupported("windash over more than 6 switches");
  size_t total = 1;
  for (size_t k = 0; k < at.size(); ++k) total *= 5;
  for (size_t combo = 0; combo < total; ++combo) {
    std::string v;
    size_t c = combo, next = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (next < at.size() && at[next] == i) {
        v += kDashes[c % 5];
        c /= 5;
        ++next;
      } else {
        v += s[i];
      }
    }
    out.push_back(std::move(v));
  }
}

std::string utf16(const std::string& s, bool big_endian) {
  std::string out;
  for (char c : s) {
    if (big_endian) out.push_back('\0');
    out.push_back(c);
    if (!big_endian) out.push_back('\0');
  }
  return out;
}

ValueTest glob_value(const std::string& text, const Modifiers& m) {
  std::vector<std::string> variants{text};
  bool literal = false, cased = m.cased;
  for (Encoding e : m.encodings) {
    std::vector<std::string> next;
    for (const std::string& v : variants) {
      if (e == Encoding::base64)
        next.push_back(base64(v));
      else if (e == Encoding::base64offset)
        base64_offsets(v, next);
      else if (e == Encoding::windash)
        windash(v, next);
      else
        next.push_back(utf16(v, e == Encoding::utf16be));
    }
    variants = std::move(next);
    // Encoded bytes are matched as they are: base64 is case-sensitive and has no wildcards.
    if (e == Encoding::base64 || e == Encoding::base64offset) literal = cased = true;
  }
  ValueTest t;
  for (const std::string& v : variants)
    t.variants.push_back(literal ? make_literal_glob(v, m.anchor, cased)
                                 : make_glob(v, m.anchor, cased));
  return t;
}

ValueTest typed_value(const RawValue& raw, const Modifiers& m) {
  ValueTest t;
  t.kind = m.kind;
  const std::string& v = raw.text;
  switch (m.kind) {
    case ValueKind::regex:
      t.re = compile_regex(v, m.re_i, m.re_m, m.re_s);
      break;
    case ValueKind::cidr: {
      const size_t slash = v.find('/');
      const std::string ip = v.substr(0, slash);
      t.cidr.v6 = ip.find(':') != std::string::npos;
      const int max_bits = t.cidr.v6 ? 128 : 32;
      char* end = nullptr;
      t.cidr.bits = slash == std::string::npos
                        ? max_bits
                        : static_cast<int>(std::strtol(v.c_str() + slash + 1, &end, 10));
      if (inet_pton(t.cidr.v6 ? AF_INET6 : AF_INET, ip.c_str(), t.cidr.addr) != 1 ||
          t.cidr.bits < 0 || t.cidr.bits > max_bits || (end && *end))
        unsupported("bad CIDR '" + v + "'");
      break;
    }
    case ValueKind::compare: {
      char* end = nullptr;
      t.number = std::strtod(v.c_str(), &end);
      if (v.empty() || *end) unsupported("comparison with a non-number '" + v + "'");
      t.compare = m.compare;
      break;
    }
    case ValueKind::exists:
      if (v != "true" && v != "false") unsupported("exists needs true or false, not '" + v + "'");
      t.exists = v == "true";
      break;
    case ValueKind::fieldref:
      t.ref_field = v;
      t.ref_anchor = m.anchor;
      t.ref_cased = m.cased;
      break;
    default:
      break;
  }
  return t;
}

}  // namespace

FieldTest compile_field_test(std::string_view key, const std::vector<RawValue>& values,
                             bool value_was_list) {
  FieldTest test;
  Modifiers m;
  const size_t bar = key.find('|');
  test.field = std::string(key.substr(0, bar));
  for (size_t at = bar; at != std::string_view::npos;) {
    const size_t next = key.find('|', at + 1);
    apply_modifier(m, key.substr(at + 1, next == std::string_view::npos ? next : next - at - 1));
    at = next;
  }
  if (test.field.empty() && !m.anchor_set) m.anchor = Anchor::contains;  // keywords: anywhere
  if (m.all && !value_was_list) unsupported("modifier 'all' on a single value");
  if (!m.encodings.empty() && m.kind != ValueKind::glob)
    unsupported("an encoding modifier with a non-string type");
  test.all = m.all;
  for (const RawValue& raw : values) {
    if (raw.is_null && m.kind == ValueKind::glob) {
      ValueTest t;
      t.kind = ValueKind::null;
      test.values.push_back(std::move(t));
    } else if (raw.is_null) {
      unsupported("null value with a type modifier");
    } else {
      test.values.push_back(m.kind == ValueKind::glob ? glob_value(raw.text, m)
                                                      : typed_value(raw, m));
    }
  }
  return test;
}

}  // namespace sigma::detail
