#include "biunzip/key_input.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string_view>

#include "biunzip/unique_fd.hpp"
#include "ppc/io.hpp"

namespace biunzip {
namespace {

// Key and passphrase files: their bytes stay in wiped storage.
ppc::SecureString read_text(const std::string& path) {
  ppc::SecureBytes bytes = ppc::read_secret_file(path);
  return ppc::make_secure_string(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

bool has_passphrase_stanza(const ppc::HeaderInfo& header) {
  for (const ppc::Stanza& s : header.stanzas) {
    if (s.type == ppc::StanzaType::passphrase) return true;
  }
  return false;
}

// Restores the terminal's echo however the prompt ends.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

void keep_secrets_out_of_dumps() {
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void hide_password_arguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return;
    char* secret = nullptr;
    if ((arg == "--password" || arg == "-p") && i + 1 < argc) {
      secret = argv[++i];
    } else if (arg.starts_with("--password=")) {
      secret = argv[i] + std::strlen("--password=");
    } else if (arg.starts_with("-p") && arg.size() > 2) {
      secret = argv[i] + 2;
    }
    if (secret != nullptr) std::memset(secret, '*', std::strlen(secret));
  }
}

ppc::SecureString read_password_file(const std::string& path) {
  keep_secrets_out_of_dumps();
  ppc::SecureString text = read_text(path);
  std::string_view line(text);
  line = line.substr(0, line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return ppc::make_secure_string(line);
}

ppc::SecureString prompt_passphrase(const std::string& prompt) {
  if (!::isatty(STDIN_FILENO)) return {};
  keep_secrets_out_of_dumps();
  UniqueFd tty(::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY));
  if (!tty) return {};
  (void)!::write(tty.get(), prompt.data(), prompt.size());
  EchoOff echo_off(tty.get());
  ppc::SecureString out;
  out.reserve(256);
  char c = 0;
  while (::read(tty.get(), &c, 1) == 1 && c != '\n' && c != '\r') out.push_back(c);
  ppc::secure_wipe(&c, 1);
  return out;
}

std::vector<ppc::SecureString> collect_passphrases(const KeyOptions& o) {
  keep_secrets_out_of_dumps();
  std::vector<ppc::SecureString> out;
  for (const std::string& f : o.password_files) out.push_back(read_password_file(f));
  for (const std::string& p : o.passwords) out.push_back(ppc::make_secure_string(p));
  if (const char* env = std::getenv("BIUNZIP_PASSWORD"); env != nullptr && *env != '\0') {
    out.push_back(ppc::make_secure_string(env));
  }
  return out;
}

std::vector<ppc::Identity> load_identities(const KeyOptions& o, const ppc::HeaderInfo& header) {
  // Keys, passphrases and then the file key they unlock stay in memory until the end.
  keep_secrets_out_of_dumps();
  std::vector<ppc::Identity> ids;
  for (ppc::SecureString& p : collect_passphrases(o)) {
    ids.emplace_back(ppc::PassphraseIdentity{std::move(p)});
  }
  for (const std::string& f : o.identity_files) {
    ppc::SecureString text = read_text(f);
    for (ppc::X25519Identity& id : ppc::parse_identity_file(text, f))
      ids.emplace_back(std::move(id));
  }
  for (const std::string& f : o.rsa_key_files) {
    ppc::SecureString text = read_text(f);
    ids.emplace_back(ppc::load_rsa_identity_pem(text, f));
  }
  if (ids.empty() && o.allow_prompt && has_passphrase_stanza(header)) {
    ppc::SecureString p = prompt_passphrase("Passphrase: ");
    if (!p.empty()) ids.emplace_back(ppc::PassphraseIdentity{std::move(p)});
  }
  return ids;
}

ppc::ReadOptions make_read_options(const KeyOptions& o, const ppc::HeaderInfo& header) {
  ppc::ReadOptions r;
  r.identities = load_identities(o, header);
  r.limits.max_scrypt_log2n = o.max_scrypt_log2n;
  if (!o.verify_key_file.empty()) {
    ppc::SecureString pem = read_text(o.verify_key_file);
    r.verify_key = ppc::load_verify_key_pem(pem, o.verify_key_file);
  }
  return r;
}

}  // namespace biunzip
