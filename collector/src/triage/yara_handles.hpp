#pragma once
// RAII over libyara's handles and its process-wide initialisation.
//
// libyara must be initialised before any compiler or rules object exists and finalised after the
// last one is gone. YaraLibrary is a shared guard: every CompiledRules holds one, so the library
// stays initialised for as long as any rules (and therefore any scanner) can still be used.
#include <yara.h>

#include <memory>

namespace collector::triage {

class YaraLibrary {
 public:
  // Initialises libyara on first use (and again after the last guard was released); throws
  // ppc::Error(io) when libyara cannot initialise (out of memory, thread-local storage).
  static std::shared_ptr<YaraLibrary> acquire();
  ~YaraLibrary();
  YaraLibrary(const YaraLibrary&) = delete;
  YaraLibrary& operator=(const YaraLibrary&) = delete;

 private:
  YaraLibrary() = default;
};

struct CompilerDeleter {
  void operator()(YR_COMPILER* c) const noexcept { yr_compiler_destroy(c); }
};
struct RulesDeleter {
  void operator()(YR_RULES* r) const noexcept { yr_rules_destroy(r); }
};
struct ScannerDeleter {
  void operator()(YR_SCANNER* s) const noexcept { yr_scanner_destroy(s); }
};

using CompilerPtr = std::unique_ptr<YR_COMPILER, CompilerDeleter>;
using RulesPtr = std::unique_ptr<YR_RULES, RulesDeleter>;
using ScannerPtr = std::unique_ptr<YR_SCANNER, ScannerDeleter>;

// A scanner over `rules`; throws ppc::Error(io) when libyara cannot allocate one.
ScannerPtr make_scanner(YR_RULES* rules);

// A short English description of a libyara error code, for messages and logs.
const char* yara_error_text(int code);

}  // namespace collector::triage
