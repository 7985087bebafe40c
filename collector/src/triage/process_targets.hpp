#pragma once
// Which live processes a memory scan covers: "all", a pid, or a process name (matched against
// /proc/<pid>/comm and the executable's file name). The collector's own process is never
// scanned (its heap holds the rules' strings), nor are kernel threads (no user memory).
#include <string>
#include <vector>

namespace collector::triage {

struct ProcessTarget {
  int pid = -1;
  std::string path;  // the executable (/proc/<pid>/exe), or "[comm]" when that is unreadable
};

struct ProcessSelection {
  std::vector<ProcessTarget> targets;  // by pid, no duplicates
  uint64_t missing = 0;                // pids asked for by number that do not exist
};

// Reads the live /proc through the asset layer (asset/open_at.hpp).
ProcessSelection select_processes(const std::vector<std::string>& specs);

}  // namespace collector::triage
