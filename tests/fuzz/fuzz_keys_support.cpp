#include "fuzz_keys_support.hpp"

#include "fuzz_support.hpp"

namespace ppc_fuzz {
namespace {

std::string first_line(std::string s) {
  s = s.substr(0, s.find('\n'));
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

std::vector<ppc::Identity> load() {
  std::vector<ppc::Identity> ids;
  ids.emplace_back(ppc::PassphraseIdentity{
      ppc::make_secure_string(first_line(source_file("tests/vectors/pass.txt")))});
  for (auto& id : ppc::parse_identity_file(source_file("tests/vectors/x25519.key"), "x25519.key"))
    ids.emplace_back(std::move(id));
  ids.emplace_back(ppc::load_rsa_identity_pem(source_file("tests/vectors/rsa.pem"), "rsa.pem"));
  return ids;
}

}  // namespace

const std::vector<ppc::Identity>& vector_identities() {
  static const std::vector<ppc::Identity> ids = load();
  return ids;
}

ppc::ReaderLimits fuzz_limits() {
  ppc::ReaderLimits limits;
  limits.max_scrypt_log2n = ppc::kMinScryptLog2N;
  limits.max_entry_bytes = 8u << 20;
  limits.max_total_bytes = 16u << 20;
  return limits;
}

}  // namespace ppc_fuzz
