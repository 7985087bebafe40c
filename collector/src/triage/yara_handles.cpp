#include "yara_handles.hpp"

#include <mutex>
#include <string>

#include "ppc/error.hpp"

namespace collector::triage {
namespace {
// yr_initialize/yr_finalize keep their own count but are not thread-safe; one mutex and one
// weak reference make "initialise once, finalise after the last user" safe from any thread.
std::mutex library_mutex;
std::weak_ptr<YaraLibrary> library_instance;
}  // namespace

std::shared_ptr<YaraLibrary> YaraLibrary::acquire() {
  std::lock_guard lock(library_mutex);
  if (auto existing = library_instance.lock()) return existing;
  int rc = yr_initialize();
  if (rc != ERROR_SUCCESS)
    ppc::fail(ppc::ErrorClass::io,
              std::string("cannot initialise libyara: ") + yara_error_text(rc));
  std::shared_ptr<YaraLibrary> guard(new YaraLibrary());
  library_instance = guard;
  return guard;
}

YaraLibrary::~YaraLibrary() {
  std::lock_guard lock(library_mutex);
  yr_finalize();
}

ScannerPtr make_scanner(YR_RULES* rules) {
  YR_SCANNER* raw = nullptr;
  int rc = yr_scanner_create(rules, &raw);
  if (rc != ERROR_SUCCESS)
    ppc::fail(ppc::ErrorClass::io,
              std::string("cannot create a YARA scanner: ") + yara_error_text(rc));
  return ScannerPtr(raw);
}

const char* yara_error_text(int code) {
  switch (code) {
    case ERROR_SUCCESS:
      return "success";
    case ERROR_INSUFFICIENT_MEMORY:
      return "not enough memory";
    case ERROR_COULD_NOT_ATTACH_TO_PROCESS:
      return "cannot read the process's memory";
    case ERROR_COULD_NOT_OPEN_FILE:
      return "cannot open file";
    case ERROR_COULD_NOT_MAP_FILE:
      return "cannot map file";
    case ERROR_INVALID_FILE:
      return "not a compiled rules file";
    case ERROR_CORRUPT_FILE:
      return "corrupt compiled rules file";
    case ERROR_UNSUPPORTED_FILE_VERSION:
      return "rules compiled with another YARA version";
    case ERROR_SCAN_TIMEOUT:
      return "scan timed out";
    case ERROR_CALLBACK_ERROR:
      return "scan callback failed";
    case ERROR_TOO_MANY_MATCHES:
      return "too many matches";
    case ERROR_EXEC_STACK_OVERFLOW:
      return "condition evaluation overflowed the stack";
    case ERROR_INTERNAL_FATAL_ERROR:
      return "internal libyara error";
    default:
      return "libyara error";
  }
}

}  // namespace collector::triage
