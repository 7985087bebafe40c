// The UAC loader: our own UAC-format fixtures, and (when ../shared/uac is present) every Linux
// artifact and profile of UAC 3.3.0.
#include <gtest/gtest.h>

#include <filesystem>

#include "ppc/error.hpp"
#include "uac/uac.hpp"
#include "uac_test_support.hpp"

namespace collector::uac {
namespace {

using test::TempDir;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ppc::Error& e) {
    EXPECT_EQ(e.error_class(), ppc::ErrorClass::usage);
    return e.what();
  }
  return "(no error)";
}

TEST(UacLoader, ParsesEveryKeyOfTheSchema) {
  const char* text = R"(version: 1.0
output_directory: /live_response/x
condition: ! command_exists "nothing-here"
artifacts:
  -
    description: Every find key.  # a comment
    supported_os: [linux, all]
    collector: find
    path: %user_home%/.ssh /etc
    path_pattern: ["*/ssh/*", "*/x\,y/*"]
    name_pattern: [*.pub, known_hosts]
    exclude_path_pattern: ["/etc/skip"]
    exclude_name_pattern: [tmp]
    exclude_file_system: [proc]
    exclude_nologin_users: true
    file_type: [f, l]
    max_depth: 3
    min_file_size: 1k
    max_file_size: 2M
    permissions: [644, -4000]
    no_user: false
    no_group: true
    ignore_date_range: true
    output_file: found.txt
  -
    description: A command.
    supported_os: [macos]
    collector: command
    foreach: ls /
    command: """
      echo one
        echo "%line%"
    """
    output_file: out_%line%.txt
    compress_output_file: false
    redirect_stderr_to_stdout: true
)";
  Artifact a = parse_artifact(text, "t.yaml", "x/t.yaml");
  EXPECT_EQ(a.condition, "! command_exists \"nothing-here\"");
  ASSERT_EQ(a.entries.size(), 2u);
  const Entry& f = a.entries[0];
  EXPECT_EQ(f.line, 6);
  EXPECT_EQ(f.collector, Kind::find);
  EXPECT_EQ(f.description, "Every find key.");
  EXPECT_EQ(f.path, "%user_home%/.ssh /etc");
  EXPECT_EQ(f.path_pattern, (std::vector<std::string>{"*/ssh/*", "*/x,y/*"}));
  EXPECT_EQ(f.name_pattern, (std::vector<std::string>{"*.pub", "known_hosts"}));
  EXPECT_EQ(f.max_depth, 3);
  EXPECT_EQ(*f.min_file_size, 1024u);
  EXPECT_EQ(*f.max_file_size, 2u << 20);
  EXPECT_EQ(f.permissions, (std::vector<std::string>{"644", "-4000"}));
  EXPECT_TRUE(f.no_group && f.ignore_date_range && f.exclude_nologin_users && !f.no_user);
  EXPECT_EQ(f.output_directory, "/live_response/x");
  EXPECT_TRUE(f.runs_on_linux());
  const Entry& c = a.entries[1];
  EXPECT_EQ(c.command, "echo one\necho \"%line%\"\n");
  EXPECT_EQ(c.foreach, "ls /");
  EXPECT_TRUE(c.redirect_stderr_to_stdout);
  EXPECT_FALSE(c.runs_on_linux());
}

TEST(UacLoader, RejectsWithFileAndLine) {
  auto bad = [](const std::string& body) {
    return error_of([&] { parse_artifact(body, "bad.yaml", "bad.yaml"); });
  };
  std::string head = "version: 1\nartifacts:\n  -\n    description: d\n    supported_os: [all]\n";
  EXPECT_EQ(bad(head + "    collector: file\n    path: /etc\n    colour: red\n"),
            "bad.yaml:8: unknown field 'colour'");
  EXPECT_EQ(bad(head + "    collector: file\n"), "bad.yaml:4: missing required field 'path'");
  EXPECT_EQ(bad(head + "    collector: copy\n"),
            "bad.yaml:6: invalid collector 'copy' (command, file, find, hash, stat)");
  EXPECT_EQ(bad(head + "    collector: hash\n    path: /etc\n    output_directory: /h\n"),
            "bad.yaml:4: missing required field 'output_file'");
  EXPECT_EQ(bad(head + "    collector: command\n    command: \"\"\"\n    ls\n  -\n"),
            "bad.yaml:7: unterminated \"\"\" block (no closing \"\"\")");
  EXPECT_EQ(bad(head + "    collector: file\n    path: /etc\n    max_depth: -1\n"),
            "bad.yaml:8: 'max_depth' must be an integer >= 0");
  EXPECT_EQ(
      bad(head + "    collector: file\n    path: /etc\n    max_file_size: 10\n"),
      "bad.yaml:4: 'file_type' must include 'f' when 'min_file_size' or 'max_file_size' is set");
  EXPECT_EQ(
      bad(head + "    collector: file\n    path: etc\n"),
      "bad.yaml:7: 'path' must be absolute (start with '/' or a placeholder such as %user_home%)");
  EXPECT_EQ(bad(head + "    collector: command\n    command: ls\n    output_file: x\n"),
            "bad.yaml:4: missing required field 'output_directory'");
  EXPECT_EQ(
      bad(head +
          "    collector: command\n    command: ls\n    path: /x\n    output_directory: /o\n"),
      "bad.yaml:4: 'path' is not applicable to the 'command' collector");
  EXPECT_EQ(bad("artifacts:\n  -\n    description: d\n"),
            "bad.yaml:1: missing required field 'version'");
  EXPECT_EQ(bad(head + "    collector: file\n     path: /etc\n  x\n").rfind("bad.yaml:", 0), 0u);
}

TEST(UacLoader, TreeSelectionFollowsUacRules) {
  TempDir t;
  std::string entry =
      "version: 1\noutput_directory: /o\nartifacts:\n  -\n    description: d\n"
      "    supported_os: [%s]\n    collector: command\n    command: true\n    output_file: o.txt\n";
  auto art = [&](const std::string& os, const std::string& extra = "") {
    std::string s = entry;
    s.replace(s.find("%s"), 2, os);
    return extra + s;
  };
  t.write("artifacts/live/a.yaml", art("linux"));
  t.write("artifacts/live/b.yaml", art("all"));
  t.write("artifacts/live/mac.yaml", art("macos"));
  t.write("artifacts/mods/m.yaml", art("linux", "modifier: true\n"));
  t.write("artifacts/broken/x.yaml",
          "version: 1\nartifacts:\n  -\n    description: d\n    nope: 1\n");
  t.write("profiles/mine.yaml",
          "name: mine\ndescription: d\nartifacts:\n  - live/*\n  - !live/a.yaml\n  - mods/*\n");
  Tree tree = load_tree(t.path());
  ASSERT_EQ(tree.artifacts.size(), 4u);
  ASSERT_EQ(tree.invalid.size(), 1u);
  EXPECT_EQ(tree.invalid.begin()->second,
            t.path() + "/artifacts/broken/x.yaml:5: unknown field 'nope'");
  Profile p = find_profile(tree, "mine");
  EXPECT_EQ(p.artifacts, (std::vector<std::string>{"live/*", "!live/a.yaml", "mods/*"}));
  auto names = [](const Selection& s) {
    std::vector<std::string> out;
    for (auto* a : s.artifacts) out.push_back(a->name);
    return out;
  };
  EXPECT_EQ(names(select_artifacts(tree, p.artifacts, false, false)),
            (std::vector<std::string>{"live/b.yaml"}));
  EXPECT_EQ(names(select_artifacts(tree, p.artifacts, true, false)),
            (std::vector<std::string>{"live/b.yaml", "mods/m.yaml"}));
  EXPECT_EQ(names(select_artifacts(tree, {"live"}, false, false)),
            (std::vector<std::string>{"live/a.yaml", "live/b.yaml"}));
  EXPECT_EQ(error_of([&] { select_artifacts(tree, {"broken/*"}, false, false); }),
            tree.invalid.begin()->second);
  EXPECT_EQ(select_artifacts(tree, {"broken/*", "live/a.yaml"}, false, true).warnings.size(), 1u);
  EXPECT_NE(error_of([&] {
              select_artifacts(tree, {"nothing/*"}, false, false);
            }).find("UAC artifact 'nothing/*' does not exist"),
            std::string::npos);
  EXPECT_NE(error_of([&] { find_profile(tree, "nope"); }).find("unknown UAC profile 'nope'"),
            std::string::npos);
}

TEST(UacLoader, LoadsEveryArtifactOfUac330) {
  std::string dir = std::string(PPC_SOURCE_DIR) + "/../shared/uac";
  if (!std::filesystem::exists(dir + "/artifacts")) GTEST_SKIP() << "no ../shared/uac: skipped";
  Tree tree = load_tree(dir);
  for (const auto& [name, message] : tree.invalid) ADD_FAILURE() << message;
  EXPECT_GT(tree.artifacts.size(), 400u);
  EXPECT_EQ(tree.profiles.size(), 4u);
  std::size_t linux = 0;
  for (const auto& a : tree.artifacts) linux += a.runs_on_linux();
  EXPECT_GT(linux, 250u);
  for (const auto& p : tree.profiles) {
    Selection s = select_artifacts(tree, p.artifacts, false, false);
    EXPECT_FALSE(s.artifacts.empty()) << p.name;
  }
}

}  // namespace
}  // namespace collector::uac
