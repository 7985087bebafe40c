// Key material as analysts and operators hand it over: ppc1... recipients, identity lines and
// files, RSA certificates and keys, Ed25519 signing and verify keys (PEM). Whatever parses
// must encode back to text that parses to the same key.
#include "fuzz_support.hpp"
#include "ppc/keys.hpp"

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  ppc_fuzz::tolerate([&] {
    ppc::X25519Recipient r = ppc::parse_recipient(text);
    ppc_fuzz::require(
        ppc::parse_recipient(ppc::encode_recipient(r.public_key)).public_key == r.public_key,
        "recipient round trip");
  });
  ppc_fuzz::tolerate([&] {
    ppc::X25519Identity id = ppc::parse_identity(text);
    ppc::X25519Identity again = ppc::parse_identity(ppc::encode_identity(id));
    ppc_fuzz::require(again.private_key == id.private_key && again.public_key == id.public_key,
                      "identity round trip");
  });
  ppc_fuzz::tolerate([&] {
    for (const auto& id : ppc::parse_identity_file(text, "fuzz.key"))
      ppc_fuzz::require(id.private_key.size() == 32, "X25519 private keys have 32 bytes");
  });
  ppc_fuzz::tolerate([&] { (void)ppc::load_rsa_recipient_pem(text, "fuzz.pem"); });
  ppc_fuzz::tolerate([&] { (void)ppc::load_rsa_identity_pem(text, "fuzz.pem"); });
  ppc_fuzz::tolerate([&] {
    ppc::SigningKey k = ppc::load_signing_key_pem(text, "fuzz.pem");
    ppc_fuzz::require(k.private_key.size() == 32, "Ed25519 seeds have 32 bytes");
  });
  ppc_fuzz::tolerate([&] {
    auto pub = ppc::load_verify_key_pem(text, "fuzz.pub");
    ppc_fuzz::require(ppc::load_verify_key_pem(ppc::verify_key_pem(pub), "again") == pub,
                      "verify key round trip");
  });
  return 0;
}
