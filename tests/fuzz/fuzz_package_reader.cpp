// The whole package as a file: read_package in normal and salvage mode and export_payload,
// with the test identities (passphrase, X25519, RSA; the plaintext key of unencrypted
// packages needs none). Seeds: tests/fuzz/corpus/package_reader and tests/vectors/*.ppc.
#include "fuzz_keys_support.hpp"
#include "fuzz_support.hpp"
#include "ppc/reader.hpp"

namespace {

// Checks the visitor contract: begin/end pair up, data only inside an entry.
struct CheckingVisitor final : ppc::EntryVisitor {
  bool internal = false;
  bool open = false;
  uint64_t bytes = 0;
  bool wants_internal() const override { return internal; }
  void begin(const ppc::EntryInfo&) override {
    ppc_fuzz::require(!open, "begin() while an entry is open");
    open = true;
    bytes = 0;
  }
  void data(std::span<const uint8_t> b) override {
    ppc_fuzz::require(open, "data() outside an entry");
    bytes += b.size();
  }
  void end(const ppc::EntryOutcome& o) override {
    ppc_fuzz::require(open, "end() without begin()");
    ppc_fuzz::require(o.bytes == bytes, "end() reports the bytes data() delivered");
    open = false;
  }
};

ppc::ReadOptions options(bool salvage) {
  ppc::ReadOptions opt;
  opt.identities = ppc_fuzz::vector_identities();
  opt.limits = ppc_fuzz::fuzz_limits();
  opt.salvage = salvage;
  return opt;
}

// Classes thrown before the payload: salvage mode throws them too, so one try is enough.
bool before_payload(ppc::ErrorClass c) {
  using E = ppc::ErrorClass;
  return c == E::not_a_package || c == E::unsupported_version || c == E::header_malformed ||
         c == E::header_mac || c == E::no_matching_key || c == E::wrong_passphrase ||
         c == E::kdf_cost_too_high;
}

}  // namespace

PPC_FUZZ_TARGET {
  std::span<const uint8_t> bytes(data, size);
  {
    ppc::MemorySource in(bytes);
    CheckingVisitor v;
    try {
      ppc::ReadReport r = ppc::read_package(in, options(false), v);
      ppc_fuzz::require(r.complete && !r.failure, "a normal read that returns is complete");
    } catch (const ppc::Error& e) {
      if (before_payload(e.error_class())) return 0;
    }
  }
  ppc_fuzz::tolerate([&] {
    ppc::MemorySource in(bytes);
    CheckingVisitor v;
    v.internal = true;
    ppc::ReadReport r = ppc::read_package(in, options(true), v);
    ppc_fuzz::require(r.complete != r.failure.has_value(),
                      "salvage: either complete or a failure is reported");
  });
  ppc_fuzz::tolerate([&] {
    ppc::MemorySource in(bytes);
    ppc::MemorySink out;
    ppc::export_payload(in, options(false), out);
  });
  return 0;
}
