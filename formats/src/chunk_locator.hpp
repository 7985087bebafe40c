#pragma once
// Salvage (internal): the one STREAM counter and last flag under which a sealed chunk can
// authenticate, found from the chunk itself instead of by trying counters one by one
// (docs/FORMAT.md, "Salvage and resynchronisation").
//
// An AES-GCM tag is T = S xor E_K(J0) with J0 = nonce || 00000001 and S = GHASH_H over the
// ciphertext and its length block, which does not depend on the nonce. OpenSSL computes the
// same GHASH when the ciphertext is given as additional data under a fixed probe nonce (a
// GMAC); that tag differs from S only by E_K(J0 of the probe) and by a constant that depends
// on the key and the chunk size (the length block has its halves swapped). Both are measured
// once per key, so E_K(J0) = T xor GMAC(ciphertext) xor Z, and one AES block decryption gives
// J0, hence the nonce. A reader therefore bridges any number of dropped or inserted chunks at
// the cost of one GMAC per chunk, where trying 1024 counters would cost 2048 full decryptions.
//
// The answer is only a candidate: a chunk is used after Aead::open authenticates it under the
// nonce found, so a wrong answer can only make a chunk look damaged, never release plaintext.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "crypto.hpp"

namespace ppc::detail {

struct ChunkPosition {
  uint64_t counter = 0;
  bool last = false;
};

class ChunkLocator {
 public:
  ChunkLocator(std::span<const uint8_t> payload_key, std::size_t chunk_bytes);
  // `sealed` is one chunk as stored: ciphertext (chunk_bytes) || tag. Empty when no nonce of
  // the format (a counter below 2^64, a last flag of 0 or 1) fits its tag.
  std::optional<ChunkPosition> locate(std::span<const uint8_t> sealed);

 private:
  using Block = std::array<uint8_t, 16>;
  Block gmac(std::span<const uint8_t> data);
  Block ecb(const Block& in, bool encrypt);

  CipherCtx gcm_, ecb_enc_, ecb_dec_;
  std::size_t chunk_bytes_;
  Block offset_{};  // Z above
};

}  // namespace ppc::detail
