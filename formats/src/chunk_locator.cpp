#include "chunk_locator.hpp"

#include <vector>

#include "ppc/error.hpp"
#include "ppc/secure.hpp"

namespace ppc::detail {
namespace {

// A nonce no package uses: its counter does not fit in 64 bits and its last flag is 2.
constexpr std::array<uint8_t, kNonceBytes> kProbeNonce = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                          0xff, 0xff, 0xff, 0xff, 0xff, 0x02};

// GCM's pre-counter block for a 96-bit nonce: nonce || 00 00 00 01.
std::array<uint8_t, 16> pre_counter_block(std::span<const uint8_t, kNonceBytes> nonce) {
  std::array<uint8_t, 16> j0{};
  std::copy(nonce.begin(), nonce.end(), j0.begin());
  j0[15] = 1;
  return j0;
}

void init_cipher(CipherCtx& ctx, const EVP_CIPHER* cipher, std::span<const uint8_t> key, int enc) {
  ctx.reset(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_CipherInit_ex(ctx.get(), cipher, nullptr, key.data(), nullptr, enc) != 1)
    fail_openssl("chunk locator init");
}

}  // namespace

ChunkLocator::ChunkLocator(std::span<const uint8_t> payload_key, std::size_t chunk_bytes)
    : chunk_bytes_(chunk_bytes) {
  if (payload_key.size() != kKeyBytes)
    fail(ErrorClass::crypto, "chunk locator needs a 32-byte key");
  init_cipher(gcm_, EVP_aes_256_gcm(), payload_key, 1);
  init_cipher(ecb_enc_, EVP_aes_256_ecb(), payload_key, 1);
  init_cipher(ecb_dec_, EVP_aes_256_ecb(), payload_key, 0);
  EVP_CIPHER_CTX_set_padding(ecb_enc_.get(), 0);
  EVP_CIPHER_CTX_set_padding(ecb_dec_.get(), 0);
  // Calibration: seal zeros under the probe nonce (tag T1 = S1 xor E(J0p)), then GMAC that
  // ciphertext (T2 = S2 xor E(J0p)). For any chunk, S1 = S2 xor T1 xor T2, so
  // E(J0) = T xor GMAC(c) xor E(J0p) xor T1 xor T2.
  std::vector<uint8_t> zeros(chunk_bytes, 0);
  std::vector<uint8_t> sealed(chunk_bytes + kGcmTagBytes);
  Aead(payload_key).seal(kProbeNonce, zeros, sealed.data());
  std::span<const uint8_t> ciphertext(sealed.data(), chunk_bytes);
  Block t2 = gmac(ciphertext);
  Block e0 = ecb(pre_counter_block(kProbeNonce), true);
  for (std::size_t i = 0; i < offset_.size(); ++i)
    offset_[i] = sealed[chunk_bytes + i] ^ t2[i] ^ e0[i];
  // That ciphertext is key stream for a nonce no chunk uses; wiped all the same.
  secure_wipe(sealed.data(), sealed.size());
}

ChunkLocator::Block ChunkLocator::gmac(std::span<const uint8_t> data) {
  Block tag{};
  uint8_t none[16];
  int len = 0;
  if (EVP_EncryptInit_ex(gcm_.get(), nullptr, nullptr, nullptr, kProbeNonce.data()) != 1 ||
      EVP_EncryptUpdate(gcm_.get(), nullptr, &len, data.data(), static_cast<int>(data.size())) !=
          1 ||
      EVP_EncryptFinal_ex(gcm_.get(), none, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(gcm_.get(), EVP_CTRL_GCM_GET_TAG, kGcmTagBytes, tag.data()) != 1)
    fail_openssl("chunk locator GMAC");
  return tag;
}

ChunkLocator::Block ChunkLocator::ecb(const Block& in, bool encrypt) {
  Block out{};
  int len = 0;
  EVP_CIPHER_CTX* ctx = encrypt ? ecb_enc_.get() : ecb_dec_.get();
  if (EVP_CipherUpdate(ctx, out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 ||
      len != static_cast<int>(out.size()))
    fail_openssl("chunk locator AES block");
  return out;
}

std::optional<ChunkPosition> ChunkLocator::locate(std::span<const uint8_t> sealed) {
  if (sealed.size() != chunk_bytes_ + kGcmTagBytes) return std::nullopt;
  Block g = gmac(sealed.first(chunk_bytes_));
  Block keystream{};
  for (std::size_t i = 0; i < keystream.size(); ++i)
    keystream[i] = sealed[chunk_bytes_ + i] ^ g[i] ^ offset_[i];
  Block j0 = ecb(keystream, false);
  // j0 = 11-byte big-endian counter || last flag || 00 00 00 01 (docs/FORMAT.md, STREAM).
  if (j0[0] != 0 || j0[1] != 0 || j0[2] != 0) return std::nullopt;
  if (j0[11] > 1 || j0[12] != 0 || j0[13] != 0 || j0[14] != 0 || j0[15] != 1) return std::nullopt;
  ChunkPosition p;
  for (int i = 3; i <= 10; ++i) p.counter = p.counter << 8 | j0[static_cast<std::size_t>(i)];
  p.last = j0[11] == 1;
  return p;
}

}  // namespace ppc::detail
