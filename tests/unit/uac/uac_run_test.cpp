// The UAC runner on fake roots: find-based collectors natively, commands with /bin/sh.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "uac/uac.hpp"
#include "uac_test_support.hpp"

namespace collector::uac {
namespace {

using test::TempDir;

class RecordingSink final : public Sink {
 public:
  void collect_files(const std::vector<std::string>& paths, const std::string& artifact) override {
    for (const auto& p : paths) files.push_back(artifact + ":" + p);
  }
  void add_output(const std::string& name, int fd, uint64_t size) override {
    std::string text(size, '\0');
    EXPECT_EQ(::read(fd, text.data(), size), static_cast<ssize_t>(size));
    outputs[name] = text;
  }
  void add_text(const std::string& name, const std::string& text) override { outputs[name] = text; }
  void command_done(const CommandRecord& r) override { commands.push_back(r); }
  void source_error(const std::string&, const std::string& p, const std::string& m) override {
    errors.push_back(p + ": " + m);
  }
  void note(const std::string&, const std::string& m) override { notes.push_back(m); }
  bool should_stop() const override { return false; }

  std::vector<std::string> files, errors, notes;
  std::map<std::string, std::string> outputs;
  std::vector<CommandRecord> commands;
};

struct Fixture {
  TempDir uac, root, work;
  Tree load() { return load_tree(uac.path()); }
  RecordingSink run(const std::vector<std::string>& patterns, const std::string& root_dir,
                    RunSettings s = {}) {
    Tree tree = load();
    for (const auto& [n, m] : tree.invalid) ADD_FAILURE() << m;
    Selection sel = select_artifacts(tree, patterns, false, false);
    s.work_dir = work.path() + "/uac-work";
    s.hostname = "host1";
    RecordingSink sink;
    run_artifacts(tree, sel, root_dir, s, sink);
    EXPECT_FALSE(std::filesystem::exists(s.work_dir)) << "the working directory is removed";
    return sink;
  }
  static void run_artifacts(const Tree& tree, const Selection& sel, const std::string& root_dir,
                            const RunSettings& s, RecordingSink& sink) {
    asset::RootFs fs(root_dir);
    uac::run(tree, sel.artifacts, fs, s, sink);
  }
};

TEST(UacRun, FindHashStatAndFileOnAFakeRoot) {
  Fixture f;
  f.root.write("/etc/passwd",
               "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n"
               "daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n");
  f.root.write("/etc/group", "root:x:0:\nalice:x:1000:\n");
  f.root.write("/etc/app.conf", "hello\n");
  f.root.write("/etc/deep/a/b/c.conf", "deep\n");
  f.root.write("/etc/skip/x.conf", "skipped\n");
  f.root.write("/etc/other.txt", "no\n");
  f.root.write("/usr/bin/tool", "hello\n", 04755);
  f.root.write("/usr/bin/plain", "plain\n", 0755);
  f.root.write("/usr/bin/big", std::string(5000, 'x'), 0755);
  f.root.write("/home/alice/.bash_history", "ls\n");
  f.root.write("/root/.bash_history", "id\n");
  f.root.symlink("app.conf", "/etc/link.conf");
  f.uac.write("artifacts/t/find.yaml", R"(version: 1
output_directory: /t
artifacts:
  -
    description: conf files, shallow, with an exclusion.
    supported_os: [linux]
    collector: find
    path: /etc
    name_pattern: ["*.conf"]
    exclude_path_pattern: ["/etc/skip"]
    max_depth: 2
    output_file: conf.txt
  -
    description: set-uid files below 4 KiB.
    supported_os: [all]
    collector: find
    path: /usr/bin
    file_type: [f]
    permissions: [-4000]
    max_file_size: 4096
    output_file: suid.txt
  -
    description: hashes.
    supported_os: [all]
    collector: hash
    path: /usr/bin /etc/app.conf
    file_type: [f]
    min_file_size: 1
    max_file_size: 100
    output_file: hashes
  -
    description: stat.
    supported_os: [all]
    collector: stat
    path: /etc/app.conf /etc/link.conf
    output_file: body.txt
  -
    description: not for linux.
    supported_os: [macos]
    collector: find
    path: /etc
    output_file: never.txt
)");
  f.uac.write("artifacts/t/files.yaml", R"(version: 1
artifacts:
  -
    description: histories of login users.
    supported_os: [all]
    collector: file
    path: %user_home%/.bash_history
    exclude_nologin_users: true
)");
  RecordingSink sink = f.run({"t/*"}, f.root.path());
  EXPECT_EQ(sink.outputs["uac/t/conf.txt"], "/etc/app.conf\n/etc/link.conf\n");
  EXPECT_EQ(sink.outputs["uac/t/suid.txt"], "/usr/bin/tool\n");
  // big (5000 bytes) is over max_file_size; the walk of /usr/bin comes first (path order).
  EXPECT_EQ(sink.outputs["uac/t/hashes.md5"],
            "5839145a19c13f3ffb0a3b9527e0a912  /usr/bin/plain\n"
            "b1946ac92492d2347c6235b4d2611184  /usr/bin/tool\n"
            "b1946ac92492d2347c6235b4d2611184  /etc/app.conf\n");
  EXPECT_NE(sink.outputs["uac/t/hashes.sha1"].find(
                "f572d396fae9206628714fb2ce00f72e94f2258f  /usr/bin/tool\n"),
            std::string::npos);
  EXPECT_EQ(sink.outputs.count("uac/t/never.txt"), 0u);
  struct stat st {};
  ASSERT_EQ(::lstat(f.root.host("/etc/app.conf").c_str(), &st), 0);
  std::string body = sink.outputs["uac/t/body.txt"];
  EXPECT_EQ(body.rfind("0|/etc/app.conf|" + std::to_string(st.st_ino) + "|-rw-r--r--|" +
                           std::to_string(st.st_uid) + "|" + std::to_string(st.st_gid) + "|6|" +
                           std::to_string(st.st_atime) + "|" + std::to_string(st.st_mtime) + "|",
                       0),
            0u)
      << body;
  EXPECT_NE(body.find("0|/etc/link.conf -> app.conf|"), std::string::npos) << body;
  EXPECT_EQ(sink.files, (std::vector<std::string>{"t/files.yaml:/home/alice/.bash_history",
                                                  "t/files.yaml:/root/.bash_history"}));
  EXPECT_TRUE(sink.commands.empty());
}

TEST(UacRun, CommandsForeachConditionsAndTimeouts) {
  Fixture f;
  f.uac.write("artifacts/c/cmd.yaml", R"(version: 1
output_directory: /live/%name=dflt%
artifacts:
  -
    description: one file per line.
    supported_os: [linux]
    collector: command
    foreach: printf 'b\na\nb\n'
    command: echo "item %line% on %hostname%"
    output_file: item_%line%.txt
  -
    description: stderr merged.
    supported_os: [linux]
    collector: command
    command: """
      echo out
      echo err >&2
    """
    output_file: merged.txt
    redirect_stderr_to_stdout: true
  -
    description: skipped by its condition.
    supported_os: [linux]
    condition: ! command_exists sh
    collector: command
    command: echo never
    output_file: never.txt
  -
    description: a program that does not exist.
    supported_os: [linux]
    collector: command
    command: no-such-program-uac-test
    output_file: missing.txt
  -
    description: too slow.
    supported_os: [linux]
    collector: command
    command: sleep 30; echo late
    output_file: slow.txt
  -
    description: writes its own files.
    supported_os: [linux]
    collector: command
    command: echo own > own.txt
)");
  RunSettings s;
  s.variables["name"] = "given";
  s.command_timeout_seconds = 1;
  RecordingSink sink = f.run({"c/cmd.yaml"}, "/", s);
  EXPECT_EQ(sink.outputs["uac/live/given/item_a.txt"], "item a on host1\n");
  EXPECT_EQ(sink.outputs["uac/live/given/item_b.txt"], "item b on host1\n");
  EXPECT_EQ(sink.outputs["uac/live/given/merged.txt"], "out\nerr\n");
  EXPECT_EQ(sink.outputs["uac/live/given/own.txt"], "own\n");
  EXPECT_EQ(sink.outputs.count("uac/live/given/never.txt"), 0u);
  EXPECT_EQ(sink.outputs.count("uac/live/given/missing.txt"), 0u) << "empty outputs are dropped";
  EXPECT_EQ(sink.outputs.count("uac/live/given/slow.txt"), 0u);
  std::map<std::string, std::string> status;
  for (const auto& c : sink.commands) status[c.command] = c.status;
  EXPECT_EQ(status["printf 'b\\na\\nb\\n'"], "ok");
  EXPECT_EQ(status["echo \"item a on host1\""], "ok");
  EXPECT_EQ(status["no-such-program-uac-test"], "skipped:not-found");
  EXPECT_EQ(status["sleep 30; echo late"], "timeout");
  EXPECT_EQ(status.count("echo never"), 0u);
  EXPECT_EQ(sink.commands.size(), 7u);
}

TEST(UacRun, CommandsAreSkippedUnderRoot) {
  Fixture f;
  f.root.write("/etc/hosts", "127.0.0.1 localhost\n");
  f.uac.write("artifacts/r/mixed.yaml", R"(version: 1
output_directory: /r
artifacts:
  -
    description: a command.
    supported_os: [linux]
    collector: command
    command: echo live
    output_file: live.txt
  -
    description: guarded file.
    supported_os: [linux]
    condition: true
    collector: file
    path: /etc/hosts
  -
    description: plain file.
    supported_os: [linux]
    collector: find
    path: %mount_point%/etc
    output_file: etc.txt
)");
  RecordingSink sink = f.run({"r/*"}, f.root.path());
  ASSERT_EQ(sink.commands.size(), 1u);
  EXPECT_EQ(sink.commands[0].status, "skipped:root");
  EXPECT_EQ(sink.files, (std::vector<std::string>{"r/mixed.yaml:/etc/hosts"}))
      << "conditions are evaluated under --root as under UAC's --mount-point";
  EXPECT_EQ(sink.outputs["uac/r/etc.txt"], "/etc\n/etc/hosts\n");
  EXPECT_EQ(sink.outputs.count("uac/r/live.txt"), 0u);
}

TEST(UacRun, FileListsFromEarlierOutputs) {
  Fixture f;
  f.root.write("/etc/passwd", "alice:x:1000:1000::/home/alice:/bin/bash\n");
  f.root.write("/home/alice/.bashrc", "HISTFILE=/home/alice/.hist\n");
  f.root.write("/home/alice/.hist", "whoami\n");
  f.uac.write("artifacts/l/list.yaml", R"(version: 1
artifacts:
  -
    description: list of histories (a find into the temporary directory).
    supported_os: [all]
    collector: find
    path: %user_home%
    name_pattern: [.hist]
    output_directory: /%temp_directory%/l
    output_file: hist.txt
  -
    description: the files the list names.
    supported_os: [all]
    collector: file
    path: /%temp_directory%/l/hist.txt
    is_file_list: true
)");
  RecordingSink sink = f.run({"l/list.yaml"}, f.root.path());
  EXPECT_EQ(sink.files, (std::vector<std::string>{"l/list.yaml:/home/alice/.hist"}));
  EXPECT_TRUE(sink.outputs.empty()) << "temporary outputs are not stored";
}

}  // namespace
}  // namespace collector::uac
