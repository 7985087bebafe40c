// rusage OUTFILE COMMAND [ARGS...]: runs COMMAND, then writes "user_us sys_us maxrss_kib" of it
// (and every descendant it waited for) to OUTFILE and exits with its exit status, like a minimal
// GNU time. Compiled at run time by bench/run.py.
//
// Why not wait4 from Python directly: a child forked (or vforked) from a process inherits that
// process's RSS high-water mark into ru_maxrss, so every command would report at least the
// Python interpreter's ~20 MiB. Forked from this tiny program, the floor is ~1 MiB.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: rusage OUTFILE COMMAND [ARGS...]\n");
    return 125;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("rusage: fork");
    return 125;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "rusage: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      perror("rusage: wait4");
      return 125;
    }
  }
  FILE* out = fopen(argv[1], "w");
  if (!out) {
    perror("rusage: open output");
    return 125;
  }
  fprintf(out, "%lld %lld %ld\n", (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
          (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec, ru.ru_maxrss);
  fclose(out);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
