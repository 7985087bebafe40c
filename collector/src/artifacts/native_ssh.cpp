// ssh_authorized_keys: every user's authorized_keys (also where sshd_config's
// AuthorizedKeysFile points), parsed into keys with ssh-keygen style fingerprints.
#include <algorithm>
#include <cctype>
#include <set>

#include "natives.hpp"

namespace collector::natives {
namespace {

// AuthorizedKeysFile patterns from sshd_config (first occurrence wins, as in sshd).
std::vector<std::string> key_file_patterns(ArtifactContext& ctx) {
  std::vector<std::string> patterns;
  if (auto text = ctx.fs().read_file("/etc/ssh/sshd_config")) {
    for (const auto& l : parsers::config_lines(*text)) {
      auto f = parsers::split_ws(l.text);
      if (f.size() < 2) continue;
      std::string key(f[0]);
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (key != "authorizedkeysfile") continue;
      for (std::size_t i = 1; i < f.size(); ++i) patterns.emplace_back(f[i]);
      break;
    }
  }
  // The default locations are always looked at: a key hidden there is still evidence.
  for (const char* d : {".ssh/authorized_keys", ".ssh/authorized_keys2"})
    if (std::find(patterns.begin(), patterns.end(), d) == patterns.end()) patterns.emplace_back(d);
  return patterns;
}

// sshd's tokens: %h home, %u user, %U uid (not expanded here), %% a percent sign.
std::string expand(const std::string& pattern, const UserHome& user) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '%' && i + 1 < pattern.size()) {
      char c = pattern[++i];
      out += c == 'h' ? user.home : c == 'u' ? user.user : c == '%' ? "%" : std::string("%") + c;
      continue;
    }
    out += pattern[i];
  }
  return out.empty() || out[0] == '/' ? out : user.home + "/" + out;
}

}  // namespace

void ssh_authorized_keys(ArtifactContext& ctx) {
  auto& table = ctx.table("ssh_authorized_keys");
  std::set<std::string> done;
  const auto patterns = key_file_patterns(ctx);
  for (const auto& user : user_homes(ctx)) {
    for (const auto& pattern : patterns) {
      const std::string file = expand(pattern, user);
      if (file.find('%') != std::string::npos || !done.insert(file).second) continue;
      auto text = read_and_collect(ctx, file, 4u << 20);
      if (!text) continue;
      for (const auto& k : parsers::parse_authorized_keys(*text))
        table.add({{"user", user.user},
                   {"file", file},
                   {"line", integer(k.line)},
                   {"key_type", k.key_type},
                   {"fingerprint", text_or_null(k.fingerprint)},
                   {"comment", text_or_null(k.comment)},
                   {"options", text_or_null(k.options)}});
    }
  }
}

}  // namespace collector::natives
