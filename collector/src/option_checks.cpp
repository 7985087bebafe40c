#include "option_checks.hpp"

#include <functional>
#include <string>

#include "collector/definitions.hpp"
#include "ppc/error.hpp"
#include "ppc/hashing.hpp"
#include "ppc/keys.hpp"
#include "ppc/units.hpp"
#include "ppc/volumes.hpp"
#include "triage_run.hpp"
#include "uac_session.hpp"

namespace collector::checks {
namespace {

constexpr std::size_t kMaxCaseIdBytes = 64;

// A validator from a function that throws ppc::Error (usage) with the message to show; CLI11
// puts the option's name in front of it.
CLI::Validator from_throwing(std::string name, std::function<void(const std::string&)> check) {
  return CLI::Validator(
      [check = std::move(check)](std::string& value) -> std::string {
        try {
          check(value);
          return {};
        } catch (const ppc::Error& e) {
          return e.what();
        }
      },
      "", std::move(name));
}

[[noreturn]] void refuse(const std::string& message) {
  throw ppc::Error(ppc::ErrorClass::usage, message);
}

}  // namespace

CLI::Validator size() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        auto bytes = ppc::parse_size(value);
        if (!bytes) return ppc::not_a_size_message(value);
        value = std::to_string(*bytes);
        return {};
      },
      "", "size");
}

CLI::Validator volume_size() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        auto bytes = ppc::parse_size(value);
        if (!bytes) return ppc::not_a_size_message(value);
        if (*bytes < ppc::kMinVolumeBytes) return "volumes are at least 1MiB, not '" + value + "'";
        value = std::to_string(*bytes);
        return {};
      },
      "", "volume size");
}

CLI::Validator absolute_path() {
  return from_throwing("absolute path", [](const std::string& value) {
    if (value.empty() || value[0] != '/')
      refuse("takes absolute paths or globs on the asset, not '" + value + "'");
  });
}

CLI::Validator case_id() {
  return from_throwing("case id", [](const std::string& value) {
    if (value.empty()) refuse("the case id is empty");
    if (value.find('/') != std::string::npos) refuse("'" + value + "' contains '/'");
    if (value[0] == '.') refuse("'" + value + "' starts with '.'");
    if (value.size() > kMaxCaseIdBytes)
      refuse("the case id has " + std::to_string(value.size()) + " bytes, at most " +
             std::to_string(kMaxCaseIdBytes) + " are allowed");
  });
}

CLI::Validator artifact() {
  return from_throwing("artifact", [](const std::string& value) {
    std::string_view name = value;
    if (name.starts_with('!')) name.remove_prefix(1);
    if (name.starts_with("uac:")) return;  // checked against the --uac tree by the run plan
    if (name.find_first_of("*?[") != std::string_view::npos) return;  // a glob over names
    if (!load_builtin_catalog().find_artifact(name))
      refuse("unknown artifact '" + std::string(name) + "' (collector artifacts lists them)");
  });
}

CLI::Validator hash_list() {
  return from_throwing("hash list",
                       [](const std::string& value) { ppc::parse_hash_selection(value); });
}

CLI::Validator recipient() {
  return from_throwing("recipient", [](const std::string& value) { ppc::parse_recipient(value); });
}

CLI::Validator since() {
  return from_throwing("date", [](const std::string& value) { parse_since(value); });
}

CLI::Validator uac_var() {
  return from_throwing("NAME=VALUE", [](const std::string& value) { parse_uac_var(value); });
}

CLI::Validator iso_date() {
  return from_throwing("date", [](const std::string& value) { parse_iso_date(value); });
}

}  // namespace collector::checks
