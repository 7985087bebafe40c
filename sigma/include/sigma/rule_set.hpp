#pragma once
// A loaded set of Sigma rules, indexed so that an event is only tested against the rules that
// can apply to it.
//
// Indexed by log source: a rule applies when each of its product/category/service is unset or
// equal, case-insensitively, to the event's (the service may also equal the event's service
// family). The applicable list is built once per distinct event log source, so rules for other
// sources cost nothing per event. (A second index by required literal is not built yet.)
//
// Shared read-only state: match() is const and safe to call from several threads.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "sigma/event.hpp"
#include "sigma/rule.hpp"

namespace sigma {

class RuleSet {
 public:
  explicit RuleSet(std::vector<Rule> rules);
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // The rules matching `event`, in load order.
  std::vector<const Rule*> match(const Event& event) const;
  // The rules that apply to events of `source` (and of the service family, see Event), in load
  // order: the log-source index.
  std::vector<const Rule*> candidates(const LogSource& source,
                                      const std::string& family = {}) const;

  const std::vector<Rule>& rules() const { return rules_; }

 private:
  struct Bucket;
  const Bucket& bucket_for(const LogSource& source, const std::string& family) const;

  std::vector<Rule> rules_;
  mutable std::mutex mutex_;  // guards the lazily built buckets
  mutable std::map<std::string, std::unique_ptr<Bucket>> buckets_;
};

}  // namespace sigma
