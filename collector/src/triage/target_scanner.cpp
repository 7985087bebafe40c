// nlohmann/json before yara.h: libyara's modules.h defines function-like macros such as
// get_string() that would rewrite json's member functions.
#include <nlohmann/json.hpp>

#include "target_scanner.hpp"

#include <cstring>

#include "ppc/hashing.hpp"
#include "rules_impl.hpp"

namespace collector::triage {
namespace {

using nlohmann::json;
constexpr std::size_t kMaxMatchData = 64;
constexpr std::string_view kDefaultSeverity = "medium";

// Rule texts are not guaranteed UTF-8; replace bad bytes instead of throwing mid-scan.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json meta_object(const YR_RULE* rule, std::string& severity) {
  json meta = json::object();
  const YR_META* m = nullptr;
  yr_rule_metas_foreach(rule, m) {
    if (m->type == META_TYPE_INTEGER)
      meta[m->identifier] = m->integer;
    else if (m->type == META_TYPE_BOOLEAN)
      meta[m->identifier] = m->integer != 0;
    else
      meta[m->identifier] = m->string;
    if (m->type == META_TYPE_STRING && std::string_view(m->identifier) == "severity")
      severity = m->string;
  }
  return meta;
}

json tag_array(const YR_RULE* rule) {
  json tags = json::array();
  const char* tag = nullptr;
  yr_rule_tags_foreach(rule, tag) {
    tags.push_back(tag);
  }
  return tags;
}

// The first `cap` matches over all the rule's strings; offsets are virtual addresses for
// process memory (base + offset), file offsets otherwise. libyara's match records come from
// an unaligned allocator, so each one is copied out before its fields are read (what
// yr_string_matches_foreach does is undefined behaviour, and UBSan says so).
json string_matches(YR_SCAN_CONTEXT* context, const YR_RULE* rule, std::size_t cap) {
  json out = json::array();
  const YR_STRING* string = nullptr;
  yr_rule_strings_foreach(rule, string) {
    for (const YR_MATCH* next = context->matches[string->idx].head; next != nullptr;) {
      YR_MATCH match;
      std::memcpy(&match, next, sizeof match);
      next = match.next;
      if (match.is_private) continue;
      if (out.size() >= cap) return out;
      out.push_back({{"identifier", string->identifier},
                     {"offset", match.base + match.offset},
                     {"length", match.match_length},
                     {"data", escape_match_data(match.data, match.data_length)}});
    }
  }
  return out;
}

}  // namespace

std::string escape_match_data(const uint8_t* data, std::size_t length) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < std::min(length, kMaxMatchData); ++i) {
    uint8_t c = data[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

TargetScanner::TargetScanner(const CompiledRules& rules, int timeout_seconds,
                             std::size_t max_strings_per_match, StopSignal stop)
    : scanner_(make_scanner(rules.impl().rules.get())),
      max_strings_(max_strings_per_match),
      stop_(stop) {
  yr_scanner_set_callback(scanner_.get(), &TargetScanner::callback, this);
  if (timeout_seconds > 0) yr_scanner_set_timeout(scanner_.get(), timeout_seconds);
}

int TargetScanner::scan_buffer(std::string_view target_type, std::string_view path,
                               std::span<const uint8_t> data, std::string_view sha256) {
  target_ = Target{target_type, path, -1, data, std::string(sha256)};
  // The bytes are ours (read(), not mmap), so libyara's SIGBUS/SIGSEGV guard, which costs
  // signal-mask system calls on every scan, has nothing to guard.
  yr_scanner_set_flags(scanner_.get(), SCAN_FLAGS_REPORT_RULES_MATCHING | SCAN_FLAGS_NO_TRYCATCH);
  return yr_scanner_scan_mem(scanner_.get(), data.data(), data.size());
}

int TargetScanner::scan_process(int pid, std::string_view path) {
  target_ = Target{"process", path, pid, {}, {}};
  // libyara maps the process's file-backed regions itself: keep its fault guard on.
  yr_scanner_set_flags(scanner_.get(), SCAN_FLAGS_REPORT_RULES_MATCHING);
  return yr_scanner_scan_proc(scanner_.get(), pid);
}

int TargetScanner::callback(YR_SCAN_CONTEXT* context, int message, void* message_data, void* self) {
  auto* scanner = static_cast<TargetScanner*>(self);
  if (message == CALLBACK_MSG_RULE_MATCHING) {
    // No exception may unwind through libyara's C frames.
    try {
      scanner->add_row(context, static_cast<const YR_RULE*>(message_data));
    } catch (...) {
      return CALLBACK_ERROR;
    }
  }
  if (scanner->stop_.requested()) return CALLBACK_ABORT;
  return CALLBACK_CONTINUE;
}

void TargetScanner::add_row(YR_SCAN_CONTEXT* context, const YR_RULE* rule) {
  if (target_.sha256.empty() && target_.pid < 0)
    target_.sha256 = ppc::to_hex(ppc::sha256(target_.data));
  ppc::TriageRow row;
  row.rule = rule->identifier;
  row.rule_namespace = rule->ns->name;
  std::string severity(kDefaultSeverity);
  row.meta_json = dump(meta_object(rule, severity));
  row.severity = std::move(severity);
  row.tags_json = dump(tag_array(rule));
  row.strings_json = dump(string_matches(context, rule, max_strings_));
  row.target_type = target_.type;
  row.path = target_.path;
  row.pid = target_.pid;
  row.sha256 = target_.sha256;
  rows_.push_back(std::move(row));
}

}  // namespace collector::triage
