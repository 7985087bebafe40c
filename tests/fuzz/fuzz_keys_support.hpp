#pragma once
// The test identities of tests/vectors (the keys the reader seeds are encrypted to), loaded
// once. Test keys only.
#include <vector>

#include "ppc/keys.hpp"
#include "ppc/reader.hpp"

namespace ppc_fuzz {

// Passphrase, X25519 and RSA identities that open the vectors and the package seeds.
const std::vector<ppc::Identity>& vector_identities();

// Limits that keep one input cheap: scrypt at the vectors' own work factor (2^10) at most,
// and a bounded payload so a zstd bomb ends as Error(limit), not as an out-of-memory.
ppc::ReaderLimits fuzz_limits();

}  // namespace ppc_fuzz
