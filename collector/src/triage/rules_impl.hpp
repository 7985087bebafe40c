#pragma once
// CompiledRules' private state, shared by the compiler, the scanners and BufferScanner.
#include <memory>
#include <string>

#include "collector/triage.hpp"
#include "yara_handles.hpp"

namespace collector {

struct CompiledRules::Impl {
  // Declared first so it is destroyed last: yr_finalize must follow yr_rules_destroy.
  std::shared_ptr<triage::YaraLibrary> library;
  triage::RulesPtr rules;
  std::size_t rule_count = 0;
  std::string sha256;  // hex, of the rule sources (or compiled file) in compile order
};

}  // namespace collector
