// The package header as anyone can hand it to biunzip: read_header on any bytes, then
// unlock_file_key with the test identities -- every stanza type's unwrapping (scrypt capped
// at the vectors' work factor) and the header MAC check.
#include "fuzz_keys_support.hpp"
#include "fuzz_support.hpp"
#include "ppc/header.hpp"
#include "ppc/reader.hpp"

PPC_FUZZ_TARGET {
  ppc::MemorySource in({data, size});
  ppc_fuzz::tolerate([&] {
    ppc::HeaderInfo h = ppc::read_header(in);
    ppc_fuzz::require(h.header_bytes == h.raw.size() + 32 && h.header_bytes <= size,
                      "header_bytes covers the raw header and its MAC, within the input");
    ppc_fuzz::require(!h.stanzas.empty() && h.stanzas.size() <= ppc::kMaxStanzas,
                      "stanza count within 1..kMaxStanzas");
    (void)h.encrypted();
    (void)h.max_scrypt_log2n();
    (void)h.chunk_bytes();
    ppc::StanzaType used{};
    ppc::SecureBytes key =
        ppc::unlock_file_key(h, ppc_fuzz::vector_identities(), ppc_fuzz::fuzz_limits(), &used);
    ppc_fuzz::require(key.size() == 32, "an unlocked file key has 32 bytes");
  });
  return 0;
}
