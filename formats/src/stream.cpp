#include "stream.hpp"

#include <cstring>
#include <string>

#include "ppc/error.hpp"

namespace ppc::detail {

std::array<uint8_t, kNonceBytes> chunk_nonce(uint64_t counter, bool last) {
  std::array<uint8_t, kNonceBytes> nonce{};
  for (int i = 0; i < 8; ++i) nonce[10 - i] = static_cast<uint8_t>(counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
  return nonce;
}

Key derive_payload_key(std::span<const uint8_t> file_key, std::span<const uint8_t, 16> salt) {
  Key k{};
  hkdf_sha256(file_key, salt, "ppc/v1 payload", k);
  return k;
}

Key derive_header_key(std::span<const uint8_t> file_key) {
  Key k{};
  hkdf_sha256(file_key, {}, "ppc/v1 header", k);
  return k;
}

HashingSink::HashingSink(ByteSink& out) : out_(out) { digest_init(md_, EVP_sha256()); }

void HashingSink::write(std::span<const uint8_t> data) {
  out_.write(data);
  EVP_DigestUpdate(md_.get(), data.data(), data.size());
  bytes_ += data.size();
}

std::array<uint8_t, 32> HashingSink::finish() {
  std::array<uint8_t, 32> out{};
  unsigned len = 0;
  EVP_DigestFinal_ex(md_.get(), out.data(), &len);
  return out;
}

HashingSource::HashingSource(ByteSource& in) : in_(in) { digest_init(md_, EVP_sha256()); }

std::size_t HashingSource::read(std::span<uint8_t> out) {
  std::size_t n = in_.read(out);
  EVP_DigestUpdate(md_.get(), out.data(), n);
  bytes_ += n;
  return n;
}

std::array<uint8_t, 32> HashingSource::finish() {
  std::array<uint8_t, 32> out{};
  unsigned len = 0;
  EVP_DigestFinal_ex(md_.get(), out.data(), &len);
  return out;
}

ChunkSealer::ChunkSealer(ByteSink& out, std::span<const uint8_t> payload_key, std::size_t chunk_bytes)
    : out_(out), aead_(payload_key), plain_(chunk_bytes), sealed_(chunk_bytes + kGcmTagBytes) {}

void ChunkSealer::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    // A full buffer is sealed only when more data arrives: the last chunk is not known before.
    if (fill_ == plain_.size()) seal(false);
    std::size_t n = std::min(data.size(), plain_.size() - fill_);
    std::memcpy(plain_.data() + fill_, data.data(), n);
    fill_ += n;
    data = data.subspan(n);
  }
}

void ChunkSealer::flush_full() {
  if (fill_ == plain_.size()) seal(false);
}

void ChunkSealer::finish() {
  // The last chunk is padded to full size and ends with the count of its real bytes. The caller
  // keeps at most last_capacity() bytes buffered (the writer pads with a zstd skippable frame).
  if (fill_ > last_capacity()) fail(ErrorClass::usage, "internal: last chunk over capacity");
  std::memset(plain_.data() + fill_, 0, plain_.size() - fill_);
  uint32_t len = static_cast<uint32_t>(fill_);
  for (int i = 0; i < 4; ++i) plain_[plain_.size() - 4 + i] = static_cast<uint8_t>(len >> (8 * i));
  seal(true);
}

void ChunkSealer::seal(bool last) {
  auto nonce = chunk_nonce(counter_++, last);
  aead_.seal(nonce, std::span<const uint8_t>(plain_.data(), plain_.size()), sealed_.data());
  out_.write(sealed_);
  fill_ = 0;
}

}  // namespace ppc::detail
