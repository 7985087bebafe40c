#pragma once
// The package header: what anyone can read without a key (docs/FORMAT.md, "Header").
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "ppc/io.hpp"
#include "ppc/keys.hpp"

namespace ppc {

inline constexpr std::array<uint8_t, 8> kMagic = {0x89, 'P', 'P', 'C', 0x0D, 0x0A, 0x1A, 0x0A};
inline constexpr uint8_t kVersionMajor = 1;
inline constexpr uint8_t kVersionMinor = 0;
inline constexpr uint8_t kCipherAes256Gcm = 1;
inline constexpr uint8_t kCompressionZstd = 1;
inline constexpr uint8_t kChunkLog2 = 16;  // 64 KiB of plaintext per chunk
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kMaxStanzas = 64;
inline constexpr std::size_t kMaxStanzaBody = 1024;

struct Stanza {
  StanzaType type{};
  std::vector<uint8_t> body;
};

struct HeaderInfo {
  uint8_t version_major = 0;
  uint8_t version_minor = 0;
  uint8_t cipher = 0;
  uint8_t compression = 0;
  uint8_t chunk_log2 = 0;
  std::array<uint8_t, 16> payload_salt{};
  std::vector<Stanza> stanzas;
  std::array<uint8_t, 32> mac{};
  std::size_t header_bytes = 0;  // including the MAC
  std::vector<uint8_t> raw;      // the header bytes up to (not including) the MAC

  bool encrypted() const;        // false when the only stanza is a plaintext key
  int max_scrypt_log2n() const;  // 0 when there is no passphrase stanza
  std::size_t chunk_bytes() const { return std::size_t{1} << chunk_log2; }
};

// Reads and parses the header from the start of `in` (nothing more). Throws not_a_package,
// unsupported_version or header_malformed.
HeaderInfo read_header(ByteSource& in);

std::string cipher_name(uint8_t id);
std::string compression_name(uint8_t id);

}  // namespace ppc
