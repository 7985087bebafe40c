// UAC's command collectors' plumbing: /bin/sh -c with a timeout, placeholders in shell text, and
// UAC's rules for output names.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "uac_internal.hpp"

namespace collector::uac::detail {
namespace {

int64_t now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

// UAC's library functions that artifact conditions and commands call.
constexpr const char* kPrelude = "command_exists() { command -v \"$1\" >/dev/null 2>&1; }\n";

}  // namespace

ShellResult run_shell(const std::string& script, int out_fd, bool merge_stderr,
                      const std::string& cwd, const std::string& path_prefix, int timeout_s,
                      const std::function<bool()>& stop) {
  ShellResult r;
  int64_t start = now_ms();
  std::string full = std::string(kPrelude) + script;
  std::string path = path_prefix;
  if (const char* p = std::getenv("PATH")) path += (path.empty() ? "" : ":") + std::string(p);
  pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    setpgid(0, 0);  // its own group: a timeout kills the pipeline, not just the shell
    int devnull = ::open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(out_fd >= 0 ? out_fd : devnull, 1);
    dup2(merge_stderr ? 1 : devnull, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    setenv("PATH", path.c_str(), 1);
    execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  int status = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    bool late = timeout_s > 0 && now_ms() - start > int64_t{timeout_s} * 1000;
    if (late || stop()) {
      r.timed_out = late;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    poll(nullptr, 0, 20);
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.duration_ms = now_ms() - start;
  return r;
}

std::string replace_plain(std::string text, const std::string& placeholder,
                          const std::string& value) {
  for (std::size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos;
       at += value.size())
    text.replace(at, placeholder.size(), value);
  return text;
}

std::string replace_in_shell(const std::string& text, const std::string& placeholder,
                             const std::string& value) {
  std::string in_double, bare = "'";
  for (char c : value) {
    if (c == '\\' || c == '"' || c == '$' || c == '`') in_double += '\\';
    in_double += c;
    bare += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  bare += "'";
  std::string single_escaped;
  for (char c : value) single_escaped += c == '\'' ? std::string("'\\''") : std::string(1, c);
  std::string out;
  enum { plain, single, dbl } state = plain;
  bool escaped = false;
  for (std::size_t i = 0; i < text.size();) {
    if (!escaped && text.compare(i, placeholder.size(), placeholder) == 0) {
      out += state == dbl ? in_double : state == single ? single_escaped : bare;
      i += placeholder.size();
      continue;
    }
    char c = text[i++];
    out += c;
    if (escaped) {
      escaped = false;
    } else if (c == '\\' && state != single) {
      escaped = true;
    } else if (c == '\'' && state != dbl) {
      state = state == single ? plain : single;
    } else if (c == '"' && state != single) {
      state = state == dbl ? plain : dbl;
    }
  }
  return out;
}

std::string sanitize_output_directory(std::string dir) {
  std::string out;
  for (std::size_t i = 0; i < dir.size(); ++i) {
    char c = dir[i];
    if (c == '.' && i + 1 < dir.size() && dir[i + 1] == '.') continue;  // ".." -> "."
    if (std::string("\\*?:\"<>").find(c) != std::string::npos) c = '_';
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "/" : out;
}

std::string sanitize_output_file(std::string name) {
  while (!name.empty() && (name.front() == '/' || name.front() == ' ')) name.erase(0, 1);
  while (!name.empty() && (name.back() == '/' || name.back() == ' ')) name.pop_back();
  std::string out;
  for (char c : name) {
    if (c == '/' || std::string("\\*?:\"<>").find(c) != std::string::npos) c = '_';
    if (c == '_' && !out.empty() && out.back() == '_') continue;
    out += c;
  }
  if (out.empty()) out = "_";
  if (out.size() > 118) out = "(trunc)" + out.substr(out.size() - 111);
  return out;
}

}  // namespace collector::uac::detail
