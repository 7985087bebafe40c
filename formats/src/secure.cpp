#include "ppc/secure.hpp"

#include <openssl/crypto.h>

namespace ppc {

void secure_wipe(void* p, std::size_t n) {
  if (p != nullptr && n != 0) OPENSSL_cleanse(p, n);
}

SecureString make_secure_string(std::string_view s) {
  SecureString out;
  // Past the small-string buffer, so the secret never sits inline in the string object.
  out.reserve(std::max<std::size_t>(s.size(), 32));
  out.assign(s.data(), s.size());
  return out;
}

}  // namespace ppc
