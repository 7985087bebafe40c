// `biunzip keygen [-o FILE]`: a new X25519 identity for receiving packages.
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

// Creates FILE with mode 0600, never replacing anything (O_EXCL, no symlink followed).
void write_identity_file(const std::string& path, const std::string& text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    if (errno == EEXIST) {
      ppc::fail(ppc::ErrorClass::io, path + ": already exists; biunzip keygen never overwrites");
    }
    ppc::fail_errno("cannot create " + path);
  }
  ::fchmod(fd.get(), 0600);  // whatever the umask
  OutputTree::write_all(fd.get(), {reinterpret_cast<const uint8_t*>(text.data()), text.size()},
                        path);
  if (::fsync(fd.get()) != 0) ppc::fail_errno("fsync " + path);
}

}  // namespace

void add_keygen_command(CLI::App& app, Context& ctx) {
  auto out_path = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "keygen",
      "Create an X25519 identity file (mode 0600) and print its public recipient "
      "string (ppc1...) for collector --recipient");
  cmd->add_option("-o,--output", *out_path,
                  "Identity file to create (default: print the identity on stdout)")
      ->type_name("FILE");
  cmd->callback([&ctx, out_path] {
    ctx.action = [&ctx, out_path] {
      ppc::X25519Identity id = ppc::generate_x25519_identity();
      std::string text = ppc::identity_file_text(id, utc_now());
      std::string recipient = ppc::encode_recipient(id.public_key);
      if (out_path->empty()) {
        ctx.out << text;
        ctx.err << "Public key: " << recipient << "\n";
      } else {
        write_identity_file(*out_path, text);
        ctx.out << recipient << "\n";
      }
      ppc::secure_wipe(text.data(), text.size());
      return 0;
    };
  });
}

}  // namespace biunzip
