// Parsers of persistence mechanisms: crontabs, systemd units, SSH authorized_keys.
#include <openssl/evp.h>

#include <cctype>
#include <memory>

#include "parsers.hpp"
#include "ppc/hashing.hpp"

namespace collector::parsers {
namespace {

// "NAME=value" (crontab environment settings), as cron itself recognises them.
bool is_env_assignment(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_'))
    ++i;
  if (i == 0 || std::isdigit(static_cast<unsigned char>(line[0]))) return false;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] == '=';
}

// The rest of `line` from the start of its n-th whitespace-separated token (spacing kept).
std::string rest_from(std::string_view line, const std::vector<std::string_view>& f,
                      std::size_t n) {
  if (n >= f.size()) return {};
  return std::string(trim(line.substr(static_cast<std::size_t>(f[n].data() - line.data()))));
}

// Whitespace-separated tokens where double quotes group (authorized_keys options).
std::vector<std::string_view> quoted_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::size_t j = i;
    bool quoted = false;
    for (; j < s.size(); ++j) {
      if (s[j] == '\\' && quoted && j + 1 < s.size()) {
        ++j;
      } else if (s[j] == '"') {
        quoted = !quoted;
      } else if (!quoted && std::isspace(static_cast<unsigned char>(s[j]))) {
        break;
      }
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_key_type(std::string_view t) {
  return t.starts_with("ssh-") || t.starts_with("ecdsa-sha2-") || t.starts_with("sk-ssh-") ||
         t.starts_with("sk-ecdsa-") || t.starts_with("x509v3-");
}

void append(std::string& list, std::string_view value, std::string_view sep) {
  if (value.empty()) {
    list.clear();  // an empty assignment resets the list (drop-ins do this)
    return;
  }
  if (!list.empty()) list += sep;
  list += value;
}

}  // namespace

std::vector<CronEntry> parse_crontab(std::string_view text, bool has_user_field) {
  std::vector<CronEntry> out;
  for (const auto& l : config_lines(text)) {
    if (is_env_assignment(l.text)) continue;
    auto f = split_ws(l.text);
    const std::size_t sched_fields = f[0].starts_with('@') ? 1 : 5;
    const std::size_t cmd_at = sched_fields + (has_user_field ? 1 : 0);
    if (f.size() <= cmd_at) continue;
    CronEntry e{l.line};
    for (std::size_t i = 0; i < sched_fields; ++i) e.schedule += (i ? " " : "") + std::string(f[i]);
    if (has_user_field) e.user = std::string(f[sched_fields]);
    e.command = rest_from(l.text, f, cmd_at);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<CronEntry> parse_anacrontab(std::string_view text) {
  std::vector<CronEntry> out;
  for (const auto& l : config_lines(text)) {
    if (is_env_assignment(l.text)) continue;
    auto f = split_ws(l.text);
    if (f.size() < 4) continue;
    out.push_back({l.line, std::string(f[0]) + " " + std::string(f[1]) + " " + std::string(f[2]),
                   "root", rest_from(l.text, f, 3)});
  }
  return out;
}

UnitInfo parse_systemd_unit(std::string_view text) {
  UnitInfo u;
  std::string section, pending;
  for (auto raw : split_lines(text)) {
    std::string_view t = trim(raw);
    if (pending.empty() && (t.empty() || t.front() == '#' || t.front() == ';')) continue;
    if (!t.empty() && t.back() == '\\') {  // continuation: joined with a space
      pending += std::string(t.substr(0, t.size() - 1)) + " ";
      continue;
    }
    std::string line = pending + std::string(t);
    pending.clear();
    if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key(trim(std::string_view(line).substr(0, eq)));
    std::string value(trim(std::string_view(line).substr(eq + 1)));
    if (section == "Unit" && key == "Description") u.description = value;
    if (section == "Service" && key == "ExecStart") append(u.exec_start, value, " ; ");
    if (section == "Service" && key == "ExecStartPre") append(u.exec_start_pre, value, " ; ");
    if (section == "Service" && key == "User") u.user = value;
    if (section == "Install" && (key == "WantedBy" || key == "RequiredBy"))
      append(u.wanted_by, value, " ");
    if (section == "Timer" && key.starts_with("On")) append(u.timer, key + "=" + value, " ; ");
    if ((section == "Timer" || section == "Path") && key == "Unit") u.trigger_unit = value;
  }
  return u;
}

std::string ssh_fingerprint_sha256(std::string_view b64) {
  if (b64.empty() || b64.size() > (1u << 20)) return {};
  std::unique_ptr<EVP_ENCODE_CTX, decltype(&EVP_ENCODE_CTX_free)> ctx(EVP_ENCODE_CTX_new(),
                                                                      &EVP_ENCODE_CTX_free);
  if (!ctx) return {};
  std::vector<uint8_t> blob(b64.size());
  int len = 0, tail = 0;
  EVP_DecodeInit(ctx.get());
  if (EVP_DecodeUpdate(ctx.get(), blob.data(), &len, reinterpret_cast<const uint8_t*>(b64.data()),
                       static_cast<int>(b64.size())) < 0)
    return {};
  if (EVP_DecodeFinal(ctx.get(), blob.data() + len, &tail) != 1) return {};
  blob.resize(static_cast<std::size_t>(len + tail));
  if (blob.empty()) return {};
  auto digest = ppc::sha256(blob);
  std::string out(4 * ((digest.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<uint8_t*>(out.data()), digest.data(),
                          static_cast<int>(digest.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  return "SHA256:" + out;
}

std::vector<AuthorizedKey> parse_authorized_keys(std::string_view text) {
  std::vector<AuthorizedKey> out;
  for (const auto& l : config_lines(text)) {
    auto tok = quoted_tokens(l.text);
    AuthorizedKey k{l.line};
    std::size_t at = 0;
    if (!is_key_type(tok[0])) k.options = std::string(tok[at++]);
    if (at < tok.size() && is_key_type(tok[at])) {
      k.key_type = std::string(tok[at]);
      if (at + 1 < tok.size()) k.fingerprint = ssh_fingerprint_sha256(tok[at + 1]);
      if (at + 2 < tok.size()) k.comment = rest_from(l.text, tok, at + 2);
    } else {
      k.key_type = "unparsed";  // kept: an odd line in authorized_keys is itself evidence
      k.options.clear();
      k.comment = l.text;
    }
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace collector::parsers
