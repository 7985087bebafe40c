#pragma once
// The digests every stored entry carries: SHA-256 always, MD5 and SHA-1 on request, all
// computed over exactly the bytes stored, in the same pass that stores them.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace ppc {

struct HashSelection {
  bool md5 = false;
  bool sha1 = false;
};
// Parses "sha256[,md5][,sha1]" (any order; sha256 is implied). Throws Error(usage).
HashSelection parse_hash_selection(std::string_view text);

struct Digests {
  std::string sha256;  // lowercase hex; empty when not computed
  std::string md5;
  std::string sha1;
};

// Incremental multi-digest over one stream of bytes (EVP contexts held in RAII wrappers).
class MultiHasher {
 public:
  explicit MultiHasher(HashSelection selection = {});
  ~MultiHasher();
  MultiHasher(MultiHasher&&) noexcept;
  MultiHasher& operator=(MultiHasher&&) noexcept;
  void update(std::span<const uint8_t> data);
  Digests finish();  // resets for the next stream

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::array<uint8_t, 32> sha256(std::span<const uint8_t> data);
std::string to_hex(std::span<const uint8_t> data);
// Returns false on odd length or non-hex characters.
bool from_hex(std::string_view hex, std::span<uint8_t> out);

}  // namespace ppc
