#include "ppc/hashing.hpp"

#include <openssl/evp.h>

#include "openssl_handles.hpp"
#include "ppc/error.hpp"

namespace ppc {

HashSelection parse_hash_selection(std::string_view text) {
  HashSelection sel;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view name = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (name == "md5") {
      sel.md5 = true;
    } else if (name == "sha1") {
      sel.sha1 = true;
    } else if (name != "sha256") {
      fail(ErrorClass::usage, "unknown hash '" + std::string(name) +
                                  "' (choose from sha256, md5, sha1; sha256 is always computed)");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return sel;
}

struct MultiHasher::Impl {
  HashSelection selection;
  detail::MdCtx sha256, md5, sha1;
  void init() {
    detail::digest_init(sha256, EVP_sha256());
    if (selection.md5) detail::digest_init(md5, EVP_md5());
    if (selection.sha1) detail::digest_init(sha1, EVP_sha1());
  }
};

MultiHasher::MultiHasher(HashSelection selection) : impl_(std::make_unique<Impl>()) {
  impl_->selection = selection;
  impl_->init();
}
MultiHasher::~MultiHasher() = default;
MultiHasher::MultiHasher(MultiHasher&&) noexcept = default;
MultiHasher& MultiHasher::operator=(MultiHasher&&) noexcept = default;

void MultiHasher::update(std::span<const uint8_t> data) {
  if (data.empty()) return;
  EVP_DigestUpdate(impl_->sha256.get(), data.data(), data.size());
  if (impl_->selection.md5) EVP_DigestUpdate(impl_->md5.get(), data.data(), data.size());
  if (impl_->selection.sha1) EVP_DigestUpdate(impl_->sha1.get(), data.data(), data.size());
}

Digests MultiHasher::finish() {
  Digests d;
  d.sha256 = detail::digest_final_hex(impl_->sha256);
  if (impl_->selection.md5) d.md5 = detail::digest_final_hex(impl_->md5);
  if (impl_->selection.sha1) d.sha1 = detail::digest_final_hex(impl_->sha1);
  impl_->init();
  return d;
}

std::array<uint8_t, 32> sha256(std::span<const uint8_t> data) {
  std::array<uint8_t, 32> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1)
    fail_openssl("SHA-256");
  return out;
}

std::string to_hex(std::span<const uint8_t> data) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(data.size() * 2, '0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, std::span<uint8_t> out) {
  if (hex.size() != out.size() * 2) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

}  // namespace ppc
