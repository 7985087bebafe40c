// `biunzip keygen [-o FILE]`: a new X25519 identity for receiving packages.
// `biunzip keygen --signing -o FILE`: a new Ed25519 key pair for signing them (FILE, FILE.pub).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "biunzip/output_tree.hpp"
#include "biunzip/text.hpp"
#include "biunzip/unique_fd.hpp"
#include "commands.hpp"
#include "ppc/keys.hpp"

namespace biunzip {
namespace {

// Creates FILE with `mode`, never replacing anything (O_EXCL, no symlink followed).
void write_key_file(const std::string& path, const std::string& text, mode_t mode = 0600) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    if (errno == EEXIST) {
      ppc::fail(ppc::ErrorClass::io, path + ": already exists; biunzip keygen never overwrites");
    }
    ppc::fail_errno("cannot create " + path);
  }
  ::fchmod(fd.get(), mode);  // whatever the umask
  OutputTree::write_all(fd.get(), {reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                        path);
  if (::fsync(fd.get()) != 0) ppc::fail_errno("fsync " + path);
}

// PKCS#8 PEM private key (as `openssl genpkey -algorithm ed25519` writes it) and its
// SubjectPublicKeyInfo PEM in FILE.pub, for `biunzip verify --verify-key FILE.pub`.
int make_signing_key(const std::string& path, Context& ctx) {
  if (path.empty()) {
    ppc::fail(ppc::ErrorClass::usage, "keygen --signing needs -o FILE (the private key file)");
  }
  const std::string pub_path = path + ".pub";
  if (::access(pub_path.c_str(), F_OK) == 0) {
    ppc::fail(ppc::ErrorClass::io, pub_path + ": already exists; biunzip keygen never overwrites");
  }
  ppc::SigningKey key = ppc::generate_signing_key();
  std::string pem = ppc::signing_key_pem(key);
  write_key_file(path, pem);
  ppc::secure_wipe(pem.data(), pem.size());
  write_key_file(pub_path, ppc::verify_key_pem(key.public_key), 0644);
  ctx.out << "signing key " << ppc::key_id(key.public_key) << ": private " << path << ", public "
          << pub_path << "\n";
  return 0;
}

}  // namespace

void add_keygen_command(CLI::App& app, Context& ctx) {
  auto out_path = std::make_shared<std::string>();
  auto signing = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "keygen",
      "Create an X25519 identity file (mode 0600) and print its public recipient "
      "string (ppc1...) for collector --recipient");
  cmd->add_option("-o,--output", *out_path,
                  "Identity file to create (default: print the identity on stdout)")
      ->type_name("FILE");
  cmd->add_flag("--signing", *signing,
                "Create an Ed25519 signing key instead: FILE (PEM private key, mode 0600) and "
                "FILE.pub (PEM public key for verify --verify-key); needs -o");
  cmd->callback([&ctx, out_path, signing] {
    ctx.action = [&ctx, out_path, signing] {
      if (*signing) return make_signing_key(*out_path, ctx);
      ppc::X25519Identity id = ppc::generate_x25519_identity();
      std::string text = ppc::identity_file_text(id, utc_now());
      std::string recipient = ppc::encode_recipient(id.public_key);
      if (out_path->empty()) {
        ctx.out << text;
        ctx.err << "Public key: " << recipient << "\n";
      } else {
        write_key_file(*out_path, text);
        ctx.out << recipient << "\n";
      }
      ppc::secure_wipe(text.data(), text.size());
      return 0;
    };
  });
}

}  // namespace biunzip
