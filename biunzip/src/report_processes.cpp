// Processes and network: the process tree in numeric order with UTC start times, users,
// executables and their flags; connections with their process, listening sockets first.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "report_sections.hpp"

namespace biunzip::report {
namespace {

struct Proc {
  std::size_t row = 0;
  int64_t pid = 0, ppid = 0;
  std::string flags;  // "deleted", "memfd", "temp dir", "finding"
};

int64_t to_int(const std::string& s) {
  char* end = nullptr;
  long long n = std::strtoll(s.c_str(), &end, 10);
  return s.empty() || *end != '\0' ? -1 : n;
}

std::string add_flag(std::string flags, const char* flag) {
  return flags.empty() ? flag : flags + ", " + flag;
}

std::vector<Proc> read_processes(const ReportData& d) {
  const TableData& t = d.processes;
  std::set<int64_t> found_pids;
  std::set<std::string> found_files;
  for (const Finding& f : d.findings) {
    if (f.object_type == "process" && f.object.starts_with("PID "))
      found_pids.insert(to_int(f.object.substr(4, f.object.find(' ', 4) - 4)));
    if (f.object_type == "file") found_files.insert(f.object);
  }
  std::vector<Proc> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    Proc p{r, to_int(cell_text(t, r, {"pid"})), to_int(cell_text(t, r, {"ppid"})), ""};
    std::string exe = cell_text(t, r, {"exe"});
    if (cell_text(t, r, {"exe_deleted"}) == "1" || exe.ends_with(" (deleted)"))
      p.flags = add_flag(p.flags, "deleted");
    if (exe.starts_with("/memfd:")) p.flags = add_flag(p.flags, "memfd");
    if (exe.starts_with("/tmp/") || exe.starts_with("/dev/shm/") || exe.starts_with("/var/tmp/"))
      p.flags = add_flag(p.flags, "temp dir");
    std::string plain = exe.ends_with(" (deleted)") ? exe.substr(0, exe.size() - 10) : exe;
    if (found_pids.count(p.pid) || found_files.count(plain)) p.flags = add_flag(p.flags, "finding");
    out.push_back(std::move(p));
  }
  return out;
}

// Pre-order walk: roots (parent not collected) and children in numeric PID order.
void walk(const std::vector<Proc>& procs,
          const std::function<void(const Proc&, int depth)>& visit) {
  std::map<int64_t, std::vector<const Proc*>> children;
  std::set<int64_t> pids;
  for (const Proc& p : procs) pids.insert(p.pid);
  for (const Proc& p : procs)
    children[pids.count(p.ppid) && p.ppid != p.pid ? p.ppid : -1].push_back(&p);
  for (auto& [k, v] : children)
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->pid < b->pid; });
  std::set<int64_t> seen;
  std::function<void(int64_t, int)> rec = [&](int64_t parent, int depth) {
    auto it = children.find(parent);
    if (it == children.end()) return;
    for (const Proc* p : it->second) {
      if (!seen.insert(p->pid).second) continue;  // a PID listed twice (or a cycle)
      visit(*p, depth);
      rec(p->pid, std::min(depth + 1, 40));
    }
  };
  rec(-1, 0);
  // Processes in a parent cycle (hostile or racy data) have no root: list them at the top.
  for (const Proc& p : procs) {
    if (!seen.insert(p.pid).second) continue;
    visit(p, 0);
    rec(p.pid, 1);
  }
}

std::string user_of(const ReportData& d, const std::string& uid) {
  auto it = d.tables.find("users");
  if (it == d.tables.end() || uid.empty()) return uid;
  for (std::size_t r = 0; r < it->second.rows.size(); ++r)
    if (cell_text(it->second, r, {"uid"}) == uid)
      return cell_text(it->second, r, {"name"}) + " (" + uid + ")";
  return uid;
}

}  // namespace

std::vector<TreeNode> suspicious_tree(const ReportData& d) {
  std::vector<Proc> procs = read_processes(d);
  std::map<int64_t, const Proc*> by_pid;
  for (const Proc& p : procs) by_pid[p.pid] = &p;
  std::set<int64_t> keep;  // flagged processes and their ancestors
  for (const Proc& p : procs) {
    if (p.flags.empty()) continue;
    for (const Proc* q = &p; q && keep.insert(q->pid).second;) {
      auto it = by_pid.find(q->ppid);
      q = it == by_pid.end() ? nullptr : it->second;
    }
  }
  std::vector<TreeNode> nodes;
  std::vector<Proc> kept;
  for (const Proc& p : procs)
    if (keep.count(p.pid)) kept.push_back(p);
  walk(kept, [&](const Proc& p, int depth) {
    const TableData& t = d.processes;
    std::string exe = cell_text(t, p.row, {"exe"});
    nodes.push_back({depth, std::to_string(p.pid) + " " + cell_text(t, p.row, {"name"}),
                     exe + (p.flags.empty() ? "" : "  [" + p.flags + "]"), !p.flags.empty()});
  });
  return nodes;
}

std::string processes_section(const ReportData& d) {
  const TableData& t = d.processes;
  if (t.columns.empty() || t.rows.empty() || t.column({"pid"}) < 0)
    return artifact_table_section("processes", "Processes", t, {}, "No process was collected.");
  std::vector<std::vector<std::string>> rows;
  uint64_t flagged = 0;
  walk(read_processes(d), [&](const Proc& p, int depth) {
    auto c = [&](std::initializer_list<std::string_view> n) { return cell_text(t, p.row, n); };
    flagged += !p.flags.empty();
    rows.push_back(
        {"<span class=\"num\">" + std::to_string(p.pid) + "</span>",
         "<span style=\"padding-left:" + std::to_string(depth * 14) + "px\">" +
             (depth ? "\u2514 " : "") + esc(c({"name", "comm"})) + "</span>",
         esc(std::to_string(p.ppid)), esc(user_of(d, c({"uid"}))), esc(utc_of(c({"start_time"}))),
         "<span class=\"mono\">" + esc(c({"exe"})) + "</span>",
         p.flags.empty() ? "" : "<span class=\"badge sev-high\">" + esc(p.flags) + "</span>",
         "<span class=\"mono\">" + esc(c({"exe_sha256"})) + "</span>",
         "<span class=\"mono\">" + esc(c({"cmdline"})) + "</span>"});
  });
  std::string body = "<p class=\"muted\">Tree in PID order; start times in UTC. " +
                     std::to_string(flagged) +
                     " flagged (deleted or memfd executable, run from a temporary directory, or "
                     "named by a finding).</p>" +
                     html_table({"PID", "Name", "PPID", "User", "Started (UTC)", "Executable",
                                 "Flags", "Executable SHA-256", "Command line"},
                                rows, "tree");
  if (t.total_rows > t.rows.size())
    body += "<p class=\"muted\">Showing " + std::to_string(t.rows.size()) + " of " +
            std::to_string(t.total_rows) + " processes; all are in case.db.</p>";
  return section("processes", "Processes", t.total_rows, true, body);
}

std::string network_section(const ReportData& d) {
  return artifact_table_section("network", "Network connections (listening first)", d.network,
                                {{{"proto", "protocol"}, CellKind::text},
                                 {{"state"}, CellKind::text},
                                 {{"local_addr", "local_address"}, CellKind::mono},
                                 {{"local_port"}, CellKind::text},
                                 {{"remote_addr", "remote_address"}, CellKind::mono},
                                 {{"remote_port"}, CellKind::text},
                                 {{"pid"}, CellKind::text},
                                 {{"process_name", "process", "comm"}, CellKind::text},
                                 {{"uid"}, CellKind::text}},
                                "No connection was collected.");
}

}  // namespace biunzip::report
