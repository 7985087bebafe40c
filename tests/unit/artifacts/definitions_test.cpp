// Definition loader: schema, one-line "source:line: message" errors, profile resolution, and
// the consistency of the built-in catalogue.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "collector/artifact.hpp"
#include "collector/definitions.hpp"
#include "ppc/error.hpp"

namespace collector {
namespace {

// The message of the ppc::Error(usage) that `f` throws ("" when it does not throw).
template <typename F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::usage);
    std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    return msg;
  }
  return "";
}

constexpr const char* kTwoArtifacts = R"(# comment
- name: my_users
  description: users again
  collector: {native: users}
  outputs:
    - table: my_users
      columns:
        - {name: name, type: text}
        - {name: uid, type: integer}
- name: my_logs
  description: some logs
  live_only: true
  collector:
    file:
      paths: [/var/log/syslog, "/var/log/*.gz"]
      exclude: ["*.1"]
      max_depth: 3
      max_size: 64MiB
      modified_within_days: 7
      executables_only: false
      setid_only: yes
  options:
    roots: [/a, /b]
    max_entries: 10
)";

TEST(ParseArtifacts, ReadsAListOfArtifacts) {
  auto defs = parse_artifacts(kTwoArtifacts, "custom.yaml");
  ASSERT_EQ(defs.size(), 2u);
  const ArtifactDef& u = defs[0];
  EXPECT_EQ(u.name, "my_users");
  EXPECT_EQ(u.kind, CollectorKind::native);
  EXPECT_EQ(u.native, "users");
  EXPECT_EQ(u.supported_os, (std::vector<std::string>{"linux"}));
  EXPECT_EQ(u.source, "custom.yaml");
  ASSERT_EQ(u.outputs.size(), 1u);
  EXPECT_EQ(u.outputs[0].name, "my_users");
  ASSERT_EQ(u.outputs[0].columns.size(), 2u);
  EXPECT_EQ(u.outputs[0].columns[1].name, "uid");
  EXPECT_EQ(u.outputs[0].columns[1].type, ppc::ColumnType::integer);
  EXPECT_FALSE(u.live_only);

  const ArtifactDef& l = defs[1];
  EXPECT_EQ(l.kind, CollectorKind::file);
  EXPECT_TRUE(l.live_only);
  EXPECT_EQ(l.files.paths, (std::vector<std::string>{"/var/log/syslog", "/var/log/*.gz"}));
  EXPECT_EQ(l.files.exclude, (std::vector<std::string>{"*.1"}));
  EXPECT_EQ(l.files.max_depth, 3);
  EXPECT_EQ(l.files.max_size, 64ull << 20);
  EXPECT_EQ(l.files.modified_within_days, 7);
  EXPECT_FALSE(l.files.executables_only);
  EXPECT_TRUE(l.files.setid_only);
  EXPECT_EQ(l.option_list("roots"), (std::vector<std::string>{"/a", "/b"}));
  EXPECT_EQ(l.option_int("max_entries", 0), 10);
  EXPECT_EQ(l.option_int("absent", 42), 42);
  EXPECT_EQ(l.option("max_entries"), "10");
}

TEST(ParseArtifacts, ReadsASingleMappingAndCommands) {
  auto defs = parse_artifacts(
      "name: uname\ndescription: kernel\ncollector: {command: [/bin/uname, -a]}\n", "one.yaml");
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs[0].kind, CollectorKind::command);
  EXPECT_EQ(defs[0].command, (std::vector<std::string>{"/bin/uname", "-a"}));
}

struct BadArtifact {
  const char* yaml;
  const char* expected;  // the whole message
};

TEST(ParseArtifacts, ErrorsNameTheFileAndLine) {
  const BadArtifact cases[] = {
      {"- name: a\n  description: d\n  colector: {native: users}\n",
       "x.yaml:3: unknown key 'colector' in artifact (expected: name, description, supported_os, "
       "collector, outputs, live_only, volatility, options)"},
      {"- name: a\n  description: d\n  collector: {native: no_such}\n  outputs: []\n",
       "x.yaml:3: no native collector named 'no_such'"},
      {"- name: a\n  description: d\n  collector: {native: users}\n  outputs:\n    - table: t\n"
       "      columns:\n        - {name: c, type: blob}\n",
       "x.yaml:7: column type must be integer, real or text, not 'blob'"},
      {"- name: a\n  description: d\n  collector: {native: users}\n  outputs:\n    - table: T-1\n"
       "      columns: [{name: c, type: text}]\n",
       "x.yaml:5: table name 'T-1' must match [a-z_][a-z0-9_]*"},
      {"- name: a\n  description: d\n  collector:\n    file: {paths: [relative/path]}\n",
       "x.yaml:4: path 'relative/path' must be absolute"},
      {"- name: a\n  description: d\n  collector:\n    file: {paths: [/x], max_size: 12 parsecs}\n",
       "x.yaml:4: max_size: '12 parsecs' is not a size (a byte count with an optional unit: 4096, "
       "512K, 64MiB, 2G (powers of 1024), 5MB (powers of 1000))"},
      {"- name: a\n  description: d\n  collector: {file: {paths: [/x]}}\n  live_only: maybe\n",
       "x.yaml:4: live_only must be true or false, not 'maybe'"},
      {"- name: a\n  description: d\n  collector: {}\n",
       "x.yaml:3: collector needs one of native, file, command"},
      {"- name: a\n  collector: {file: {paths: [/x]}}\n",
       "x.yaml:1: artifact 'a' needs a description"},
      {"- name: a\n  description: d\n  collector: {native: users}\n",
       "x.yaml:1: native artifact 'a' declares no outputs"},
      {"- name: a\n  description: [unclosed\n",
       "x.yaml:3: YAML syntax: end of sequence flow not found"},
      {"- name: a\n  description: d\n  collector: {file: {paths: [/x]}}\n"
       "- name: a\n  description: d\n  collector: {file: {paths: [/x]}}\n",
       "x.yaml:4: artifact 'a' is defined twice"},
      {"42\n", "x.yaml:1: expected an artifact (mapping) or a list of artifacts"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(usage_error([&] { parse_artifacts(c.yaml, "x.yaml"); }), c.expected) << c.yaml;
}

TEST(ParseProfile, ReadsEveryKey) {
  auto p = parse_profile(R"(name: my-profile
description: test profile
artifacts: [users, "persistence_*", "!persistence_pam"]
hashes: [md5]
max_file_size: 64MiB
triage:
  enabled: true
  scan: [/tmp, "/home/*"]
  scan_exclude: ["*.iso"]
  scan_max_size: 1G
  scan_max_depth: 5
  scan_memory: all
)",
                         "p.yaml");
  EXPECT_EQ(p.name, "my-profile");
  EXPECT_EQ(p.artifacts, (std::vector<std::string>{"users", "persistence_*", "!persistence_pam"}));
  EXPECT_EQ(p.artifact_lines, (std::vector<int>{3, 3, 3}));
  EXPECT_EQ(p.hashes, (std::vector<std::string>{"sha256", "md5"}));  // sha256 is implied
  EXPECT_EQ(p.max_file_size, 64ull << 20);
  EXPECT_TRUE(p.triage.enabled);
  EXPECT_EQ(p.triage.scan, (std::vector<std::string>{"/tmp", "/home/*"}));
  EXPECT_EQ(p.triage.scan_exclude, (std::vector<std::string>{"*.iso"}));
  EXPECT_EQ(p.triage.scan_max_size, 1ull << 30);
  EXPECT_EQ(p.triage.scan_max_depth, 5);
  EXPECT_EQ(p.triage.scan_memory, (std::vector<std::string>{"all"}));
  EXPECT_EQ(p.source, "p.yaml");
}

TEST(ParseProfile, ErrorsNameTheFileAndLine) {
  EXPECT_EQ(
      usage_error([] { parse_profile("name: p\ndescription: d\nhashes: [sha512]\n", "p.yaml"); }),
      "p.yaml:3: unknown hash 'sha512' (expected sha256, md5, sha1)");
  EXPECT_EQ(usage_error([] {
              parse_profile("name: p\ndescription: d\ntriage: {enable: true}\n", "p.yaml");
            }),
            "p.yaml:3: unknown key 'enable' in triage (expected: enabled, scan, scan_exclude, "
            "scan_max_size, scan_max_depth, scan_memory, sigma, sql_rules)");
  EXPECT_EQ(usage_error([] { parse_profile("name: Bad Name\ndescription: d\n", "p.yaml"); }),
            "p.yaml:1: profile name 'Bad Name' must match [a-z0-9][a-z0-9_-]*");
  EXPECT_EQ(
      usage_error([] { parse_profile("name: p\ndescription: d\nartifacts: users\n", "p.yaml"); }),
      "p.yaml:3: artifacts must be a list of names");
}

Catalog small_catalog() {
  Catalog c;
  for (const char* name :
       {"users", "persistence_cron", "persistence_pam", "persistence_systemd", "var_log"}) {
    ArtifactDef a;
    a.name = name;
    c.artifacts.push_back(a);
  }
  return c;
}

std::vector<std::string> names(const std::vector<const ArtifactDef*>& defs) {
  std::vector<std::string> out;
  for (auto* d : defs) out.push_back(d->name);
  return out;
}

TEST(ResolveProfile, GlobsAndExcludesInCatalogueOrder) {
  Catalog c = small_catalog();
  ProfileDef p;
  p.artifacts = {"persistence_*", "users", "!persistence_pam"};
  EXPECT_EQ(names(resolve_profile(c, p)),
            (std::vector<std::string>{"users", "persistence_cron", "persistence_systemd"}));
  p.artifacts = {"*", "!persistence_*"};
  EXPECT_EQ(names(resolve_profile(c, p)), (std::vector<std::string>{"users", "var_log"}));
  p.artifacts = {"nothing_matches_*"};
  EXPECT_TRUE(resolve_profile(c, p).empty());
  p.artifacts = {};
  EXPECT_TRUE(resolve_profile(c, p).empty());
}

TEST(ResolveProfile, UnknownNamesAreErrorsWithTheirLine) {
  Catalog c = small_catalog();
  ProfileDef p =
      parse_profile("name: p\ndescription: d\nartifacts:\n  - users\n  - userz\n", "p.yaml");
  EXPECT_EQ(usage_error([&] { resolve_profile(c, p); }),
            "p.yaml:5: profile 'p': unknown artifact 'userz'");
  p.artifacts = {"users", "!nope"};
  p.artifact_lines.clear();
  EXPECT_EQ(usage_error([&] { resolve_profile(c, p); }),
            "p.yaml: profile 'p': unknown artifact 'nope'");
}

TEST(BuiltinCatalog, LoadsAndIsConsistent) {
  Catalog c = load_builtin_catalog();
  ASSERT_GE(c.artifacts.size(), 30u);
  std::set<std::string> tables, natives_used;
  for (const auto& a : c.artifacts) {
    SCOPED_TRACE(a.name);
    EXPECT_TRUE(a.source.starts_with("builtin:artifacts/")) << a.source;
    EXPECT_FALSE(a.description.empty());
    if (a.kind == CollectorKind::native) {
      EXPECT_NE(find_native_collector(a.native), nullptr);
      natives_used.insert(a.native);
      EXPECT_FALSE(a.outputs.empty());
    } else {
      EXPECT_EQ(a.kind, CollectorKind::file);  // builtins never run commands
      EXPECT_FALSE(a.files.paths.empty());
    }
    for (const auto& t : a.outputs) EXPECT_TRUE(tables.insert(t.name).second) << t.name;
  }
  // Every registered collector is used by some definition, and every name is distinct.
  auto registered = native_collector_names();
  EXPECT_EQ(std::set<std::string>(registered.begin(), registered.end()), natives_used);
}

TEST(BuiltinCatalog, EveryProfileResolves) {
  Catalog c = load_builtin_catalog();
  for (const char* name : {"quick", "full", "compromise-assessment", "none"}) {
    const ProfileDef* p = c.find_profile(name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_FALSE(p->description.empty());
    EXPECT_NO_THROW(resolve_profile(c, *p)) << name;
  }
  EXPECT_EQ(c.profiles.size(), 4u);
  EXPECT_EQ(c.find_profile("nonexistent"), nullptr);
}

TEST(BuiltinCatalog, ProfilesSelectWhatTheyPromise) {
  Catalog c = load_builtin_catalog();
  auto selected = [&](const char* profile) {
    auto v = names(resolve_profile(c, *c.find_profile(profile)));
    return std::set<std::string>(v.begin(), v.end());
  };
  auto quick = selected("quick");
  for (const char* must : {"system_info", "users", "groups", "shadow_meta", "logins", "processes",
                           "network_connections", "network_interfaces", "persistence_cron",
                           "persistence_systemd", "persistence_ssh_keys", "mounts"})
    EXPECT_TRUE(quick.count(must)) << must;
  for (const char* never :
       {"var_log", "systemd_journal", "bodyfile", "shell_histories", "web_roots"})
    EXPECT_FALSE(quick.count(never)) << never;

  // full is everything but what is collected only on request (process environments) and the
  // package integrity check, which compromise-assessment runs (it reads every packaged file).
  auto full = selected("full");
  EXPECT_EQ(full.size(), c.artifacts.size() - 2);
  EXPECT_FALSE(full.count("process_environment"));
  EXPECT_FALSE(full.count("package_integrity"));
  EXPECT_TRUE(selected("none").empty());

  auto ca = selected("compromise-assessment");
  for (const char* must : {"persistence_cron", "persistence_ld_preload", "shell_histories",
                           "temp_executables", "package_integrity", "pam_modules", "auth_events"})
    EXPECT_TRUE(ca.count(must)) << must;
  const ProfileDef* p = c.find_profile("compromise-assessment");
  EXPECT_TRUE(p->triage.enabled);
  EXPECT_EQ(p->triage.scan_memory, (std::vector<std::string>{"all"}));
  for (const char* dir : {"/tmp", "/var/tmp", "/dev/shm", "/home", "/root", "/var/www",
                          "/etc/cron*", "/usr/local/bin"})
    EXPECT_NE(std::find(p->triage.scan.begin(), p->triage.scan.end(), dir), p->triage.scan.end())
        << dir;
  EXPECT_FALSE(c.find_profile("quick")->triage.enabled);
}

}  // namespace
}  // namespace collector
