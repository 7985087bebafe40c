#include "ppc/header.hpp"

#include <algorithm>
#include <cstring>

#include "ppc/error.hpp"

namespace ppc {
namespace {

constexpr std::size_t kFixedBytes = 32;  // magic .. payload salt
constexpr std::size_t kMacBytes = 32;

void need(ByteSource& in, std::span<uint8_t> out, const char* what) {
  if (read_fully(in, out) != out.size())
    fail(ErrorClass::header_malformed, std::string("header ends inside ") + what);
}

}  // namespace

bool HeaderInfo::encrypted() const {
  return std::none_of(stanzas.begin(), stanzas.end(),
                      [](const Stanza& s) { return s.type == StanzaType::plaintext_key; });
}

int HeaderInfo::max_scrypt_log2n() const {
  int n = 0;
  for (const auto& s : stanzas)
    if (s.type == StanzaType::passphrase && s.body.size() > 16) n = std::max<int>(n, s.body[16]);
  return n;
}

std::string cipher_name(uint8_t id) {
  return id == kCipherAes256Gcm ? "AES-256-GCM" : "unknown(" + std::to_string(id) + ")";
}

std::string compression_name(uint8_t id) {
  return id == kCompressionZstd ? "zstd" : "unknown(" + std::to_string(id) + ")";
}

HeaderInfo read_header(ByteSource& in) {
  HeaderInfo h;
  std::array<uint8_t, kFixedBytes> fixed{};
  std::size_t got = read_fully(in, fixed);
  if (got < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), fixed.begin()))
    fail(ErrorClass::not_a_package, "not a PPC package (no PPC magic at offset 0)");
  if (got < fixed.size()) fail(ErrorClass::header_malformed, "header ends inside its fixed fields");
  h.version_major = fixed[8];
  h.version_minor = fixed[9];
  h.cipher = fixed[10];
  h.compression = fixed[11];
  h.chunk_log2 = fixed[12];
  uint8_t flags = fixed[13];
  uint16_t count = static_cast<uint16_t>(fixed[14] | fixed[15] << 8);
  std::memcpy(h.payload_salt.data(), fixed.data() + 16, 16);
  if (h.version_major != kVersionMajor)
    fail(ErrorClass::unsupported_version,
         "package format version " + std::to_string(h.version_major) + "." +
             std::to_string(h.version_minor) + " is not supported (this build reads 1.x)");
  if (h.cipher != kCipherAes256Gcm || h.compression != kCompressionZstd)
    fail(ErrorClass::unsupported_version, "unknown cipher " + cipher_name(h.cipher) +
                                              " or compression " + compression_name(h.compression));
  if (h.chunk_log2 < 12 || h.chunk_log2 > 20)
    fail(ErrorClass::header_malformed,
         "chunk size 2^" + std::to_string(h.chunk_log2) + " out of range");
  if (flags != 0) fail(ErrorClass::header_malformed, "reserved header flags are set");
  if (count == 0 || count > kMaxStanzas)
    fail(ErrorClass::header_malformed,
         "recipient count " + std::to_string(count) + " out of range");
  h.raw.assign(fixed.begin(), fixed.end());
  for (unsigned i = 0; i < count; ++i) {
    std::array<uint8_t, 4> sh{};
    need(in, sh, "a recipient stanza");
    if (sh[0] > static_cast<uint8_t>(StanzaType::rsa_oaep))
      fail(ErrorClass::unsupported_version, "unknown recipient type " + std::to_string(sh[0]));
    if (sh[1] != 0) fail(ErrorClass::header_malformed, "reserved stanza byte is set");
    std::size_t len = static_cast<std::size_t>(sh[2] | sh[3] << 8);
    if (len == 0 || len > kMaxStanzaBody)
      fail(ErrorClass::header_malformed,
           "stanza body length " + std::to_string(len) + " out of range");
    Stanza s;
    s.type = static_cast<StanzaType>(sh[0]);
    s.body.resize(len);
    need(in, s.body, "a recipient stanza");
    h.raw.insert(h.raw.end(), sh.begin(), sh.end());
    h.raw.insert(h.raw.end(), s.body.begin(), s.body.end());
    h.stanzas.push_back(std::move(s));
  }
  need(in, h.mac, "the header MAC");
  h.header_bytes = h.raw.size() + kMacBytes;
  return h;
}

}  // namespace ppc
