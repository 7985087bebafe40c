#include "sigma/rule_set.hpp"

#include <cctype>

#include "detection.hpp"

namespace sigma {

struct RuleSet::Bucket {
  std::vector<const Rule*> rules;
};

namespace {

bool field_applies(const std::string& rule_value, const std::string& event_value) {
  return rule_value.empty() || detail::iequals(rule_value, event_value);
}

bool applies(const Rule& rule, const LogSource& source, const std::string& family) {
  const LogSource& want = rule.logsource;
  return field_applies(want.product, source.product) &&
         field_applies(want.category, source.category) &&
         (field_applies(want.service, source.service) ||
          (!family.empty() && detail::iequals(want.service, family)));
}

}  // namespace

RuleSet::RuleSet(std::vector<Rule> rules) : rules_(std::move(rules)) {}
RuleSet::~RuleSet() = default;

const RuleSet::Bucket& RuleSet::bucket_for(const LogSource& source,
                                           const std::string& family) const {
  std::string key =
      source.product + '\x1f' + source.category + '\x1f' + source.service + '\x1f' + family;
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = buckets_[key];
  if (!slot) {
    slot = std::make_unique<Bucket>();
    for (const Rule& r : rules_)
      if (applies(r, source, family)) slot->rules.push_back(&r);
  }
  return *slot;
}

std::vector<const Rule*> RuleSet::candidates(const LogSource& source,
                                             const std::string& family) const {
  return bucket_for(source, family).rules;
}

std::vector<const Rule*> RuleSet::match(const Event& event) const {
  std::vector<const Rule*> hits;
  for (const Rule* r : bucket_for(event.source(), event.service_family()).rules)
    if (rule_matches(*r, event)) hits.push_back(r);
  return hits;
}

}  // namespace sigma
