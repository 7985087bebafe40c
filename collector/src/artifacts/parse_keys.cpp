// Private key files: OpenSSH's "openssh-key-v1" container, PEM (PKCS#1, SEC1, DSA, PKCS#8) and
// PuTTY .ppk, described without their secret (trace_parsers.hpp). OpenSSL decodes base64 and
// unencrypted PEM keys; the SSH wire encoding of the public blob is read here.
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "parsers.hpp"
#include "ppc/hashing.hpp"
#include "trace_parsers.hpp"

namespace collector::parsers {
namespace {

std::optional<std::string> base64_decode(std::string_view b64) {
  if (b64.size() > (1u << 20)) return std::nullopt;
  std::unique_ptr<EVP_ENCODE_CTX, decltype(&EVP_ENCODE_CTX_free)> ctx(EVP_ENCODE_CTX_new(),
                                                                      &EVP_ENCODE_CTX_free);
  if (!ctx) return std::nullopt;
  std::string out(b64.size() + 4, '\0');
  int len = 0, tail = 0;
  EVP_DecodeInit(ctx.get());
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  if (EVP_DecodeUpdate(ctx.get(), o, &len, reinterpret_cast<const uint8_t*>(b64.data()),
                       static_cast<int>(b64.size())) < 0 ||
      EVP_DecodeFinal(ctx.get(), o + len, &tail) != 1)
    return std::nullopt;
  out.resize(static_cast<std::size_t>(len + tail));
  return out;
}

std::string fingerprint_of(std::string_view blob) {
  auto digest = ppc::sha256({reinterpret_cast<const uint8_t*>(blob.data()), blob.size()});
  std::string out(48, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<uint8_t*>(out.data()), digest.data(),
                          static_cast<int>(digest.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  return "SHA256:" + out;
}

// RFC 4251 wire reader: uint32 and length-prefixed strings; fails closed on truncation.
struct Wire {
  std::string_view data;
  bool ok = true;
  uint32_t u32() {
    if (data.size() < 4) return ok = false, 0;
    auto b = reinterpret_cast<const uint8_t*>(data.data());
    uint32_t v = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    data.remove_prefix(4);
    return v;
  }
  std::string_view str() {
    uint32_t n = u32();
    if (!ok || n > data.size()) return ok = false, std::string_view();
    auto s = data.substr(0, n);
    data.remove_prefix(n);
    return s;
  }
};

int64_t mpint_bits(std::string_view m) {
  std::size_t i = 0;
  while (i < m.size() && m[i] == 0) ++i;
  if (i == m.size()) return 0;
  int64_t bits = static_cast<int64_t>(m.size() - i) * 8;
  for (auto top = static_cast<uint8_t>(m[i]); !(top & 0x80); top <<= 1) --bits;
  return bits;
}

std::string pem_body(std::string_view text, std::string_view begin, std::string_view end,
                     std::string* headers = nullptr) {
  auto b = text.find(begin), e = text.find(end);
  if (b == std::string_view::npos || e == std::string_view::npos || e < b) return {};
  std::string body;
  for (auto line : split_lines(text.substr(b + begin.size(), e - b - begin.size()))) {
    line = trim(line);
    if (line.find(':') != std::string_view::npos) {
      if (headers) *headers += std::string(line) + "\n";
    } else {
      body += line;
    }
  }
  return body;
}

std::optional<PrivateKeyInfo> parse_openssh(std::string_view text) {
  auto raw = base64_decode(
      pem_body(text, "-----BEGIN OPENSSH PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----"));
  static constexpr std::string_view kMagic("openssh-key-v1\0", 15);
  if (!raw || !std::string_view(*raw).starts_with(kMagic)) return std::nullopt;
  Wire w{std::string_view(*raw).substr(kMagic.size())};
  PrivateKeyInfo k{"openssh", "unknown"};
  std::string_view cipher = w.str();
  w.str();  // kdf name
  w.str();  // kdf options (salt, rounds)
  uint32_t nkeys = w.u32();
  std::string_view pub = nkeys >= 1 ? w.str() : std::string_view();
  if (!w.ok) return std::nullopt;
  k.encrypted = cipher != "none";
  if (k.encrypted) k.cipher = cipher;
  if (auto d = describe_ssh_public_blob(pub)) {
    k.key_type = d->key_type;
    k.bits = d->bits;
    k.fingerprint = d->fingerprint;
  }
  return k;
}

std::optional<PrivateKeyInfo> parse_putty(std::string_view text) {
  PrivateKeyInfo k{"putty", "unknown"};
  std::string pub_b64;
  int pub_lines = 0;
  for (auto line : split_lines(text)) {
    if (pub_lines > 0) {
      pub_b64 += trim(line);
      --pub_lines;
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto key = line.substr(0, colon);
    auto value = trim(line.substr(colon + 1));
    if (key.starts_with("PuTTY-User-Key-File-")) k.key_type = value;
    if (key == "Encryption") {
      k.encrypted = value != "none";
      if (k.encrypted) k.cipher = value;
    }
    if (key == "Comment") k.comment = value;
    if (key == "Public-Lines") pub_lines = static_cast<int>(to_int(value).value_or(0) & 0xff);
  }
  if (auto blob = base64_decode(pub_b64))
    if (auto d = describe_ssh_public_blob(*blob)) {
      k.bits = d->bits;
      k.fingerprint = d->fingerprint;
    }
  if (k.key_type.empty()) k.key_type = "unknown";  // a header line without its algorithm
  return k;
}

// The SSH public blob of an OpenSSL key: what ssh-keygen -l would fingerprint.
std::string ssh_string(std::string_view s) {
  std::string out(4, '\0');
  out[0] = static_cast<char>(s.size() >> 24);
  out[1] = static_cast<char>(s.size() >> 16);
  out[2] = static_cast<char>(s.size() >> 8);
  out[3] = static_cast<char>(s.size());
  return out + std::string(s);
}

std::string ssh_mpint(EVP_PKEY* pkey, const char* param) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, param, &bn) != 1) return ssh_string("");
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<uint8_t*>(bytes.data()));
  BN_free(bn);
  if (!bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80)) bytes.insert(0, 1, '\0');
  return ssh_string(bytes);
}

std::string public_blob(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA"))
    return ssh_string("ssh-rsa") + ssh_mpint(pkey, OSSL_PKEY_PARAM_RSA_E) +
           ssh_mpint(pkey, OSSL_PKEY_PARAM_RSA_N);
  if (EVP_PKEY_is_a(pkey, "DSA"))
    return ssh_string("ssh-dss") + ssh_mpint(pkey, OSSL_PKEY_PARAM_FFC_P) +
           ssh_mpint(pkey, OSSL_PKEY_PARAM_FFC_Q) + ssh_mpint(pkey, OSSL_PKEY_PARAM_FFC_G) +
           ssh_mpint(pkey, OSSL_PKEY_PARAM_PUB_KEY);
  if (EVP_PKEY_is_a(pkey, "ED25519")) {
    uint8_t raw[32];
    std::size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1) return {};
    return ssh_string("ssh-ed25519") + ssh_string({reinterpret_cast<char*>(raw), len});
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64] = {};
    uint8_t point[256];
    std::size_t glen = 0, plen = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &glen) != 1 ||
        EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point,
                                        &plen) != 1)
      return {};
    std::string_view g(group, glen);
    std::string curve = g == "prime256v1"  ? "nistp256"
                        : g == "secp384r1" ? "nistp384"
                        : g == "secp521r1" ? "nistp521"
                                           : "";
    if (curve.empty()) return {};
    return ssh_string("ecdsa-sha2-" + curve) + ssh_string(curve) +
           ssh_string({reinterpret_cast<char*>(point), plen});
  }
  return {};
}

int no_passphrase(char*, int, int, void*) {
  return -1;  // never prompt: an encrypted key stays encrypted
}

std::optional<PrivateKeyInfo> parse_pem(std::string_view text) {
  struct Kind {
    std::string_view label, format;
  };
  for (const Kind& kind : {Kind{"RSA", "pem-rsa"}, Kind{"EC", "pem-ec"}, Kind{"DSA", "pem-dsa"},
                           Kind{"ENCRYPTED", "pkcs8"}, Kind{"", "pkcs8"}}) {
    std::string label =
        kind.label.empty() ? "PRIVATE KEY" : std::string(kind.label) + " PRIVATE KEY";
    std::string begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
    if (text.find(begin) == std::string_view::npos) continue;
    std::string headers;
    std::string body = pem_body(text, begin, end, &headers);
    if (body.empty()) return std::nullopt;
    PrivateKeyInfo k{std::string(kind.format), "unknown"};
    if (kind.label == "ENCRYPTED") {
      k.encrypted = true;
      k.cipher = "pkcs8";
    } else if (headers.find("ENCRYPTED") != std::string::npos) {
      k.encrypted = true;  // legacy "Proc-Type: 4,ENCRYPTED" + "DEK-Info: AES-128-CBC,<iv>"
      if (auto p = headers.find("DEK-Info:"); p != std::string::npos) {
        auto v = trim(std::string_view(headers).substr(p + 9));
        k.cipher = std::string(v.substr(0, std::min(v.find(','), v.find('\n'))));
      }
    }
    if (k.encrypted) return k;
    std::string pem = begin + "\n" + body + "\n" + end + "\n";
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr,
        &EVP_PKEY_free);
    if (!pkey) return k;  // looked like a key, OpenSSL does not read it: still reported
    k.bits = EVP_PKEY_get_bits(pkey.get());
    if (auto d = describe_ssh_public_blob(public_blob(pkey.get()))) {
      k.key_type = d->key_type;
      k.fingerprint = d->fingerprint;
    }
    return k;
  }
  return std::nullopt;
}

}  // namespace

std::optional<SshPublicKey> describe_ssh_public_blob(std::string_view blob) {
  Wire w{blob};
  SshPublicKey k;
  k.key_type = std::string(w.str());
  if (!w.ok || k.key_type.empty()) return std::nullopt;
  k.fingerprint = fingerprint_of(blob);
  const std::string& t = k.key_type;
  if (t == "ssh-rsa") {
    w.str();  // e
    k.bits = mpint_bits(w.str());
  } else if (t == "ssh-dss") {
    k.bits = mpint_bits(w.str());  // p
  } else if (t.find("ed25519") != std::string::npos) {
    k.bits = 256;
  } else if (t.find("nistp256") != std::string::npos) {
    k.bits = 256;
  } else if (t.find("nistp384") != std::string::npos) {
    k.bits = 384;
  } else if (t.find("nistp521") != std::string::npos) {
    k.bits = 521;
  }
  if (!w.ok) k.bits = 0;
  return k;
}

std::optional<PrivateKeyInfo> parse_private_key(std::string_view text) {
  if (text.starts_with("PuTTY-User-Key-File-")) return parse_putty(text);
  if (text.find("-----BEGIN OPENSSH PRIVATE KEY-----") != std::string_view::npos)
    return parse_openssh(text);
  if (text.find("PRIVATE KEY-----") != std::string_view::npos) return parse_pem(text);
  return std::nullopt;
}

}  // namespace collector::parsers
