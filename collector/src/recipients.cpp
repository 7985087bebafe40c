#include "recipients.hpp"

#include <poll.h>
#include <strings.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/io.hpp"
#include "run_signals.hpp"

namespace collector {
namespace {

std::string trim(std::string s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  std::size_t start = s.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : s.substr(start);
}

// A "ppc1…" recipient, named in the custody record by the SHA-256 of its raw public key.
void add_x25519(Encryption& enc, std::string_view text) {
  ppc::X25519Recipient recipient = ppc::parse_recipient(text);
  enc.custody.push_back({"x25519", ppc::to_hex(ppc::sha256(recipient.public_key)), ""});
  enc.recipients.push_back(recipient);
  enc.types.push_back("x25519");
}

// --sign-key: an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519), read as a secret.
ppc::SigningKey load_signing_key(const std::string& path) {
  ppc::SecureBytes bytes = ppc::read_secret_file(path);
  return ppc::load_signing_key_pem(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
}

std::string read_text(const std::string& path) {
  auto bytes = ppc::read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

void add_recipient_file(Encryption& enc, const std::string& path) {
  std::string text = read_text(path);
  if (text.find("-----BEGIN") != std::string::npos) {
    ppc::RsaRecipient rsa = ppc::load_rsa_recipient_pem(text, path);
    enc.custody.push_back({"rsa-oaep", rsa.sha256, rsa.subject});
    enc.recipients.push_back(std::move(rsa));
    enc.types.push_back("rsa-oaep");
    return;
  }
  std::size_t pos = 0, line_no = 0;
  bool any = false;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line =
        trim(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    try {
      add_x25519(enc, line);
    } catch (const ppc::Error& e) {
      throw ppc::Error(ppc::ErrorClass::usage,
                       path + ":" + std::to_string(line_no) + ": " + e.what());
    }
    any = true;
  }
  if (!any) throw ppc::Error(ppc::ErrorClass::usage, path + ": no recipient in this file");
}

ppc::PassphraseRecipient passphrase_recipient(ppc::SecureString pass, int log2n,
                                              const std::string& source) {
  while (!pass.empty() && (pass.back() == '\n' || pass.back() == '\r')) pass.pop_back();
  if (pass.size() < kMinPassphraseLength)
    throw ppc::Error(ppc::ErrorClass::usage, source + ": the passphrase must be at least " +
                                                 std::to_string(kMinPassphraseLength) +
                                                 " characters");
  return ppc::PassphraseRecipient{std::move(pass), log2n};
}

bool is_secret_option(std::string_view arg) {
  return arg == "--password" || arg == "--passphrase";
}

bool holds_identity(std::string_view arg) {
  constexpr std::string_view kIdentity = "PPC-SECRET-KEY-1";
  for (std::size_t i = 0; i + kIdentity.size() <= arg.size(); ++i)
    if (strncasecmp(arg.data() + i, kIdentity.data(), kIdentity.size()) == 0) return true;
  return false;
}

}  // namespace

void keep_secrets_out_of_dumps() {
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

std::vector<std::string> redacted_command_line(int argc, const char* const* argv) {
  constexpr const char* kRedacted = "<redacted>";
  std::vector<std::string> out;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::size_t eq = arg.find('=');
    if (eq != std::string_view::npos && is_secret_option(arg.substr(0, eq))) {
      out.push_back(std::string(arg.substr(0, eq + 1)) + kRedacted);
    } else if (holds_identity(arg)) {
      out.emplace_back(kRedacted);
    } else {
      out.emplace_back(arg);
      if (is_secret_option(arg) && i + 1 < argc) {
        out.emplace_back(kRedacted);
        ++i;
      }
    }
  }
  return out;
}

ppc::SecureString prompt_passphrase(const char* prompt) {
  if (!isatty(STDIN_FILENO)) return {};
  if (g_interrupted) throw PromptInterrupted();
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  // Echo off (and earlier input flushed) before the prompt shows, as getpass(3) does: what is
  // typed once the prompt is visible is never discarded.
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::fprintf(stderr, "%s", prompt);
  ppc::SecureString pass = ppc::make_secure_string("");
  // The run's signal handlers only set a flag. A signal during read() ends it with EINTR, but one
  // landing just before it would leave it blocked: so wait with poll(), looking at the flag.
  ssize_t n = 0;
  for (char c = 0; !g_interrupted;) {
    pollfd in{STDIN_FILENO, POLLIN, 0};
    if (::poll(&in, 1, 100) <= 0) continue;  // timeout or EINTR: look at the flag again
    n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1 || c == '\n') break;
    pass.push_back(c);
  }
  const bool interrupted = g_interrupted.load();
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::fprintf(stderr, "\n");
  if (interrupted) throw PromptInterrupted();
  if (n == 0 && pass.empty())
    throw ppc::Error(ppc::ErrorClass::usage, "no passphrase entered (end of input at the prompt)");
  return pass;
}

ppc::SecureString ask_new_passphrase() {
  for (int attempt = 1; attempt <= kPassphraseTries; ++attempt) {
    const int left = kPassphraseTries - attempt;
    const std::string again = left > 0 ? "; try again (" + std::to_string(left) +
                                             (left == 1 ? " try" : " tries") + " left)"
                                       : "";
    ppc::SecureString first = prompt_passphrase("Passphrase for the package: ");
    // Checked before the confirmation: typing a too short passphrase twice helps no one.
    if (first.size() < kMinPassphraseLength) {
      std::fprintf(stderr, "collector: the passphrase must be at least %zu characters%s\n",
                   kMinPassphraseLength, again.c_str());
      continue;
    }
    ppc::SecureString second = prompt_passphrase("Same passphrase again: ");
    if (first == second) return first;
    std::fprintf(stderr, "collector: the two passphrases differ%s\n", again.c_str());
  }
  throw ppc::Error(ppc::ErrorClass::usage,
                   "no usable passphrase after " + std::to_string(kPassphraseTries) + " tries");
}

Encryption resolve_encryption(const RunOptions& o) {
  Encryption enc;
  // From here on the process holds a file key or a passphrase, or is about to.
  keep_secrets_out_of_dumps();
  // Signing is independent of encryption: an unencrypted package can be signed too.
  if (!o.signing_key_file.empty()) enc.signing_key = load_signing_key(o.signing_key_file);
  if (o.no_encrypt) {
    if (!o.recipients.empty() || !o.recipient_files.empty() || !o.password_file.empty())
      throw ppc::Error(ppc::ErrorClass::usage,
                       "--no-encrypt cannot be combined with recipients or a password");
    enc.encrypt = false;
    enc.types.push_back("none");
    return enc;
  }
  for (const auto& r : o.recipients) add_x25519(enc, r);
  for (const auto& f : o.recipient_files) add_recipient_file(enc, f);
  if (!o.password_file.empty()) {
    ppc::SecureBytes bytes = ppc::read_secret_file(o.password_file);
    ppc::SecureString pass = ppc::make_secure_string(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    enc.recipients.push_back(
        passphrase_recipient(std::move(pass), o.scrypt_log2n, o.password_file));
    enc.types.push_back("passphrase");
    enc.custody.push_back({"passphrase", "", ""});
  }
  if (!enc.recipients.empty()) return enc;
  if (!isatty(STDIN_FILENO))
    throw ppc::Error(ppc::ErrorClass::usage,
                     "no recipient given and no terminal to ask for a passphrase: use --recipient, "
                     "--recipient-file, --password-file or --no-encrypt (or a collector.yaml)");
  enc.recipients.push_back(
      passphrase_recipient(ask_new_passphrase(), o.scrypt_log2n, "the passphrase"));
  enc.types.push_back("passphrase");
  enc.custody.push_back({"passphrase", "", ""});
  return enc;
}

}  // namespace collector
