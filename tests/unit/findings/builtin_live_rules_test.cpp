// The built-in SQL rules over the tables only a live collection fills (processes, sockets,
// loaded modules, live mounts), which a fake root cannot plant: rows as the natives write them,
// declared with the catalogue's own column definitions. Each rule gets a row that must fire and
// a near miss that must not; the exact set of (rule, object) pairs is asserted.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "collector/definitions.hpp"
#include "findings/sql_rules.hpp"

namespace {

using Row = std::map<std::string, ppc::Value>;

class Planted {
 public:
  Planted() : catalog_(collector::load_builtin_catalog()) {}
  void add(const std::string& table, const Row& values) {
    const collector::TableDef* def = nullptr;
    for (const auto& a : catalog_.artifacts)
      for (const auto& t : a.outputs)
        if (t.name == table) def = &t;
    ASSERT_NE(def, nullptr) << table;
    db_.create_table(def->name, def->columns);
    std::vector<ppc::Value> row(def->columns.size());
    for (const auto& [name, value] : values) {
      bool found = false;
      for (std::size_t i = 0; i < def->columns.size(); ++i)
        if (def->columns[i].name == name) row[i] = value, found = true;
      ASSERT_TRUE(found) << table << "." << name;
    }
    db_.insert(def->name, row);
  }
  ppc::CaseDb& db() { return db_; }

 private:
  collector::Catalog catalog_;
  ppc::CaseDb db_;
};

ppc::Value s(const char* v) {
  return ppc::Value{std::string(v)};
}
ppc::Value i(int64_t v) {
  return ppc::Value{v};
}

Row process(int64_t pid, const char* name, const char* exe, const char* cmdline,
            int64_t deleted = 0) {
  return {{"pid", i(pid)},
          {"ppid", i(1)},
          {"uid", i(0)},
          {"name", s(name)},
          {"exe", s(exe)},
          {"cmdline", s(cmdline)},
          {"exe_deleted", i(deleted)},
          {"cwd", s("/")}};
}

Row socket(const char* proto, const char* state, int64_t pid, const char* name, const char* path,
           int64_t remote_port = 0) {
  return {{"proto", s(proto)},
          {"local_addr", s("0.0.0.0")},
          {"local_port", i(8080)},
          {"remote_addr", s("203.0.113.9")},
          {"remote_port", i(remote_port)},
          {"state", s(state)},
          {"pid", i(pid)},
          {"process_name", s(name)},
          {"path", s(path)}};
}

TEST(BuiltinSqlRules, LiveTablesFireExactlyOnThePlantedRows) {
  Planted p;
  // processes: one trace per rule, and ordinary processes as near misses.
  p.add("processes", process(100, "kx", "/tmp/.x/kx", "/tmp/.x/kx -d"));
  p.add("processes", process(101, "gone", "/usr/local/bin/gone (deleted)", "gone", 1));
  p.add("processes", process(102, "3", "/memfd:3 (deleted)", "3", 1));
  p.add("processes", process(103, "kworker", "/usr/bin/python3", "[kworker/0:1]"));
  p.add("processes", process(104, "bash", "/usr/bin/bash", "bash -i"));
  p.add("processes", process(110, "sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D"));
  p.add("processes", process(111, "tmpreaper", "/usr/sbin/tmpreaper", "tmpreaper 7d /tmp/"));
  p.add("processes", {{"pid", i(2)}, {"name", s("kthreadd")}, {"cmdline", s("[kthreadd]")}});
  // environment and maps
  p.add("process_environment",
        {{"pid", i(105)}, {"name", s("LD_PRELOAD")}, {"value", s("/lib/x.so")}});
  p.add("process_environment",
        {{"pid", i(106)}, {"name", s("HISTFILE")}, {"value", s("/dev/null")}});
  p.add("process_environment", {{"pid", i(107)}, {"name", s("HISTSIZE")}, {"value", s("1000")}});
  p.add("process_environment",
        {{"pid", i(107)}, {"name", s("LD_LIBRARY_PATH")}, {"value", s("/x")}});
  p.add("process_maps", {{"pid", i(108)}, {"path", s("/dev/shm/libz.so")}, {"perms", s("r-xp")}});
  p.add("process_maps", {{"pid", i(108)}, {"path", s("/dev/shm/data")}, {"perms", s("rw-s")}});
  p.add("process_maps", {{"pid", i(108)}, {"path", s("/usr/lib/libc.so.6")}, {"perms", s("r-xp")}});
  // sockets
  p.add("network_connections", socket("tcp", "LISTEN", 100, "kx", "/tmp/.x/kx"));
  p.add("network_connections", socket("tcp", "LISTEN", 101, "gone", "/usr/local/bin/gone"));
  p.add("network_connections", socket("tcp", "ESTABLISHED", 104, "bash", "/usr/bin/bash", 443));
  p.add("network_connections", socket("raw", "UNCONN", 109, "sniff", "/usr/sbin/sniff"));
  p.add("network_connections", socket("tcp", "ESTABLISHED", 112, "xmr", "/opt/xmr", 3333));
  p.add("network_connections", socket("tcp", "LISTEN", 110, "sshd", "/usr/sbin/sshd"));
  p.add("network_connections", socket("tcp", "ESTABLISHED", 110, "sshd", "/usr/sbin/sshd", 51000));
  p.add("network_connections", {{"proto", s("raw6")}, {"state", s("UNCONN")}});  // owner unseen
  // modules and live mounts
  p.add("kernel_modules", {{"name", s("diamorphine")}, {"state", s("Live")}, {"taint", s("OE")}});
  p.add("kernel_modules", {{"name", s("ext4")}, {"state", s("Live")}});
  p.add("mounts", {{"source", s("mounted")},
                   {"device", s("/dev/sda1")},
                   {"mount_point", s("/proc/4242")},
                   {"fs_type", s("ext4")}});
  p.add("mounts", {{"source", s("mounted")},
                   {"device", s("proc")},
                   {"mount_point", s("/proc")},
                   {"fs_type", s("proc")}});

  auto rules = findings::builtin_sql_rules();
  ASSERT_TRUE(rules.issues.empty());
  auto r = findings::run_sql_rules(p.db(), rules.rules);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0];
  std::set<std::string> got;
  for (const auto& f : r.findings) got.insert(f.rule_id + " " + f.object);
  std::set<std::string> want = {
      "ppc-sql-process-exe-in-temp 100",
      "ppc-sql-process-exe-deleted 101",
      "ppc-sql-process-memfd-exe 102",
      "ppc-sql-process-fake-kernel-thread 103",
      "ppc-sql-process-reverse-shell 104",
      "ppc-sql-process-ld-preload-env 105",
      "ppc-sql-process-history-disabled 106",
      "ppc-sql-process-maps-temp-library 108 /dev/shm/libz.so",
      "ppc-sql-listener-from-temp tcp 0.0.0.0:8080",
      "ppc-sql-listener-deleted-binary tcp 0.0.0.0:8080",
      "ppc-sql-shell-with-network tcp 203.0.113.9:443",
      "ppc-sql-raw-socket-process raw 0.0.0.0",
      "ppc-sql-miner-pool-port tcp 203.0.113.9:3333",
      "ppc-sql-module-out-of-tree diamorphine",
      "ppc-sql-proc-pid-mount /proc/4242",
  };
  EXPECT_EQ(got, want);
  for (const auto& f : r.findings) {
    EXPECT_FALSE(f.source_table.empty()) << f.rule_id;
    EXPECT_GT(f.source_rowid, 0) << f.rule_id;
  }
}

}  // namespace
