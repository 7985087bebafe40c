// ssh_private_keys: every private key file in the passwd homes and /etc/ssh, described by
// parse_private_key (type, size, passphrase, fingerprint). The keys are never stored: neither
// the file nor any part of its secret reaches the package.
#include <sys/stat.h>

#include <set>

#include "asset/statx_at.hpp"
#include "natives.hpp"
#include "trace_parsers.hpp"

namespace collector::natives {
namespace {

// Homes of system accounts that are system directories, not places a person keeps files.
bool system_directory(std::string_view home) {
  for (std::string_view prefix : {"/usr", "/bin", "/sbin", "/lib", "/dev", "/proc", "/sys", "/run"})
    if (home == prefix || home.starts_with(std::string(prefix) + "/")) return true;
  return false;
}

}  // namespace

void ssh_private_keys(ArtifactContext& ctx) {
  const RootFs& fs = ctx.fs();
  const int max_depth = static_cast<int>(ctx.def().option_int("max_depth", 8));
  const int64_t max_entries = ctx.def().option_int("max_entries", 500000);
  const auto max_key_bytes = static_cast<uint64_t>(ctx.def().option_int("max_key_bytes", 65536));
  auto& table = ctx.table("ssh_private_keys");
  std::vector<std::pair<std::string, std::string>> places{{"/etc/ssh", "root"}};
  for (const auto& h : user_homes(ctx))
    if (!system_directory(h.home)) places.emplace_back(h.home, h.user);
  std::set<std::string> done;
  int64_t entries = 0;
  for (const auto& place : places) {
    const std::string& user = place.second;  // a named reference: lambdas cannot capture bindings
    fs.walk_tree(place.first, max_depth, [&](const RootFs::WalkEntry& e) {
      if (ctx.should_stop() || ++entries > max_entries) return false;
      if (!S_ISREG(e.stx.stx_mode) || e.stx.stx_size < 64 || e.stx.stx_size > max_key_bytes)
        return true;
      if (!done.insert(e.path).second) return true;  // a home inside another home
      auto text = read_source(ctx, e.path, max_key_bytes);
      if (!text) return true;
      auto key = parsers::parse_private_key(*text);
      if (!key) return true;
      // The .pub beside it names the key (and gives the fingerprint of an encrypted PEM key).
      std::string comment = key->comment, fingerprint = key->fingerprint;
      if (auto pub = fs.read_file(e.path + ".pub", 64u << 10)) {
        auto keys = parsers::parse_authorized_keys(*pub);
        if (!keys.empty() && keys[0].key_type != "unparsed") {
          if (comment.empty()) comment = keys[0].comment;
          if (fingerprint.empty()) fingerprint = keys[0].fingerprint;
          if (key->key_type == "unknown") key->key_type = keys[0].key_type;
        }
      }
      table.add({{"user", user},
                 {"path", e.path},
                 {"format", key->format},
                 {"key_type", key->key_type},
                 {"bits", key->bits > 0 ? integer(key->bits) : ppc::Value(std::monostate{})},
                 {"encrypted", integer(key->encrypted ? 1 : 0)},
                 {"cipher", text_or_null(key->cipher)},
                 {"fingerprint", text_or_null(fingerprint)},
                 {"comment", text_or_null(comment)},
                 {"mtime", integer(static_cast<int64_t>(e.stx.stx_mtime.tv_sec))}});
      return true;
    });
    if (entries > max_entries) {
      ctx.note("ssh_private_keys: stopped at max_entries (" + std::to_string(max_entries) + ")");
      return;
    }
  }
}

}  // namespace collector::natives
