// CompiledRules: compiles YARA sources (files, directories or the embedded default set) or loads
// yarac output, once, before anything is collected; a rule that does not compile is a usage error.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "rule_sources.hpp"
#include "rules_impl.hpp"

namespace collector {
namespace {

using triage::RuleSource;

// The first compiler error, as "file:line: message"; later errors are usually consequences.
struct CompileErrors {
  const char* current_name = "";
  std::string first;
};

void on_compiler_message(int level, const char* file_name, int line, const YR_RULE*,
                         const char* message, void* user_data) {
  auto* errors = static_cast<CompileErrors*>(user_data);
  if (level != YARA_ERROR_LEVEL_ERROR || !errors->first.empty()) return;
  const char* name =
      (file_name != nullptr && *file_name != '\0') ? file_name : errors->current_name;
  errors->first = std::string(name) + ":" + std::to_string(line) + ": " + message;
  std::replace(errors->first.begin(), errors->first.end(), '\n', ' ');  // one line, always
}

// Embedded rules resolve `include` against the embedded tree, never the asset's file system.
const char* include_embedded(const char* include_name, const char*, const char*, void*) {
  auto found = triage::find_embedded_rule(include_name);
  return found ? strndup(found->data(), found->size()) : nullptr;
}
void free_included(const char* text, void*) {
  std::free(const_cast<char*>(text));
}

using FilePtr = std::unique_ptr<FILE, int (*)(FILE*)>;

// Adds one source. Files go through a FILE* over the bytes already read (and hashed) so that
// libyara knows the file name: includes then resolve relative to it and errors name it.
int add_source(YR_COMPILER* compiler, const RuleSource& source) {
  if (!source.on_disk || source.text.empty())
    return yr_compiler_add_string(compiler, source.text.c_str(), source.ns.c_str());
  FilePtr stream(fmemopen(const_cast<char*>(source.text.data()), source.text.size(), "r"), &fclose);
  if (!stream) ppc::fail_errno("fmemopen for " + source.name);
  return yr_compiler_add_file(compiler, stream.get(), source.ns.c_str(), source.name.c_str());
}

triage::RulesPtr compile_sources(const std::vector<RuleSource>& sources, bool embedded) {
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS)
    ppc::fail(ppc::ErrorClass::io, "cannot create a YARA compiler (out of memory)");
  triage::CompilerPtr compiler(raw);
  CompileErrors errors;
  yr_compiler_set_callback(compiler.get(), on_compiler_message, &errors);
  if (embedded)
    yr_compiler_set_include_callback(compiler.get(), include_embedded, free_included, nullptr);
  for (const RuleSource& source : sources) {
    errors.current_name = source.name.c_str();
    if (add_source(compiler.get(), source) != 0) {
      if (errors.first.empty()) errors.first = source.name + ":0: does not compile";
      ppc::fail(ppc::ErrorClass::usage, errors.first);
    }
  }
  YR_RULES* rules = nullptr;
  int rc = yr_compiler_get_rules(compiler.get(), &rules);
  if (rc != ERROR_SUCCESS)
    ppc::fail(ppc::ErrorClass::io,
              std::string("cannot build YARA rules: ") + triage::yara_error_text(rc));
  return triage::RulesPtr(rules);
}

// yr_rules_load_stream over bytes already read, so the hash covers exactly what was loaded.
struct MemoryStream {
  const std::string* bytes;
  std::size_t pos = 0;
};
size_t read_memory(void* out, size_t size, size_t count, void* user_data) {
  auto* stream = static_cast<MemoryStream*>(user_data);
  std::size_t left = stream->bytes->size() - stream->pos;
  std::size_t items = size == 0 ? 0 : std::min(count, left / size);
  std::memcpy(out, stream->bytes->data() + stream->pos, items * size);
  stream->pos += items * size;
  return items;
}

triage::RulesPtr load_compiled(const RuleSource& source) {
  MemoryStream memory{&source.text};
  YR_STREAM stream{&memory, read_memory, nullptr};
  YR_RULES* rules = nullptr;
  int rc = yr_rules_load_stream(&stream, &rules);
  if (rc != ERROR_SUCCESS)
    ppc::fail(ppc::ErrorClass::usage, source.name + ":0: " + triage::yara_error_text(rc));
  return triage::RulesPtr(rules);
}

std::size_t count_rules(YR_RULES* rules) {
  std::size_t n = 0;
  const YR_RULE* rule = nullptr;
  yr_rules_foreach(rules, rule) {
    ++n;
  }
  return n;
}

}  // namespace

CompiledRules CompiledRules::compile(const std::vector<std::string>& paths) {
  auto impl = std::make_unique<Impl>();
  impl->library = triage::YaraLibrary::acquire();
  const bool embedded = paths.empty();
  std::vector<RuleSource> sources =
      embedded ? triage::embedded_rule_sources() : triage::read_rule_sources(paths);

  ppc::MultiHasher hasher;
  for (const RuleSource& s : sources)
    hasher.update({reinterpret_cast<const uint8_t*>(s.text.data()), s.text.size()});
  impl->sha256 = hasher.finish().sha256;

  bool compiled = false;
  for (const RuleSource& s : sources) {
    if (embedded || !triage::is_compiled_rules(s.text)) continue;
    if (sources.size() != 1)
      ppc::fail(ppc::ErrorClass::usage,
                s.name + ":0: compiled rules cannot be combined with other rule files");
    compiled = true;
  }
  impl->rules = compiled ? load_compiled(sources.front()) : compile_sources(sources, embedded);
  impl->rule_count = count_rules(impl->rules.get());
  return CompiledRules(std::move(impl));
}

CompiledRules::CompiledRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledRules::CompiledRules(CompiledRules&&) noexcept = default;
CompiledRules& CompiledRules::operator=(CompiledRules&&) noexcept = default;
CompiledRules::~CompiledRules() = default;
std::size_t CompiledRules::rule_count() const {
  return impl_->rule_count;
}
std::string CompiledRules::sha256() const {
  return impl_->sha256;
}

}  // namespace collector
