#pragma once
// Builders of realistic log lines for the normaliser and planted-trace tests.
#include <cstdio>
#include <string>

namespace sigma::test {

// auditd's encoding of a value holding spaces or quotes: upper-case hex of every byte.
inline std::string audit_hex(const std::string& bytes) {
  std::string out;
  char buf[3];
  for (unsigned char c : bytes) {
    std::snprintf(buf, sizeof buf, "%02X", c);
    out += buf;
  }
  return out;
}

inline std::string audit_prefix(const std::string& type, const std::string& id) {
  return "type=" + type + " msg=audit(" + id + "): ";
}

// The records of one execve as auditd writes them (ENRICHED format), EOE included.
inline std::vector<std::string> exec_records(const std::string& id, const std::string& pid,
                                             const std::string& ppid, const std::string& exe,
                                             const std::vector<std::string>& argv,
                                             const std::string& cwd) {
  std::vector<std::string> r;
  r.push_back(audit_prefix("SYSCALL", id) +
              "arch=c000003e syscall=59 success=yes exit=0 a0=55d0c0a0 a1=55d0c0b0 "
              "a2=55d0c0c0 a3=8 items=2 ppid=" +
              ppid + " pid=" + pid +
              " auid=1000 uid=1000 gid=1000 euid=1000 tty=pts0 ses=3 comm=\"" +
              exe.substr(exe.rfind('/') + 1) + "\" exe=\"" + exe +
              "\" key=\"exec\"\x1d"
              "ARCH=x86_64 SYSCALL=execve AUID=\"alice\" UID=\"alice\"");
  std::string execve = audit_prefix("EXECVE", id) + "argc=" + std::to_string(argv.size());
  std::string title;
  for (size_t i = 0; i < argv.size(); ++i) {
    const bool plain = argv[i].find_first_of(" \"'") == std::string::npos;
    execve += " a" + std::to_string(i) + "=" + (plain ? "\"" + argv[i] + "\"" : audit_hex(argv[i]));
    title += (i ? std::string(1, '\0') : std::string()) + argv[i];
  }
  r.push_back(execve);
  r.push_back(audit_prefix("CWD", id) + "cwd=\"" + cwd + "\"");
  r.push_back(audit_prefix("PATH", id) + "item=0 name=\"" + exe +
              "\" inode=131 dev=08:01 mode=0100755 nametype=NORMAL");
  r.push_back(audit_prefix("PROCTITLE", id) + "proctitle=" + audit_hex(title));
  r.push_back(audit_prefix("EOE", id));
  return r;
}

}  // namespace sigma::test
