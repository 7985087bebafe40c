// old_kernel_exec: runs a command as if on an older Linux kernel, for tests/cli/old_kernel.sh.
//
//   old_kernel_exec [--from NR] [--deny NR,...] -- COMMAND [ARG...]
//
// A seccomp filter makes every x86_64 system call numbered NR (default 314: sched_setattr, the
// first call after Linux 3.13, so everything missing on RHEL/CentOS 7's 3.10) and above, plus
// the numbers given with --deny, fail with ENOSYS, exactly as a kernel that lacks them answers.
// The filter is inherited by every thread and child and survives execve. x86_64 only: the
// numbering of other architectures differs (exit 77 there, so the test can skip).
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

enum { kMaxDenied = 32, kExitUnsupported = 77, kExitUsage = 2 };

#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define ENOSYS_RET BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA))

static int usage(void) {
  fprintf(stderr, "usage: old_kernel_exec [--from NR] [--deny NR,...] -- COMMAND [ARG...]\n");
  return kExitUsage;
}

// Parses "NR,NR,..." into denied[]; returns the count, or -1 on a bad list.
static int parse_numbers(const char* list, unsigned* denied, int max) {
  int n = 0;
  for (const char* p = list; *p;) {
    char* end = NULL;
    unsigned long v = strtoul(p, &end, 10);
    if (end == p || n == max || v > 4095) return -1;
    denied[n++] = (unsigned)v;
    p = *end == ',' ? end + 1 : end;
    if (*end && *end != ',') return -1;
  }
  return n;
}

static int install_filter(unsigned from, const unsigned* denied, int n_denied) {
  struct sock_filter prog[16 + 2 * kMaxDenied];
  int i = 0;
  // Only the x86_64 ABI is allowed through; x32 and i386 calls would bypass the numbering.
  prog[i++] =
      (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
  prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  prog[i++] =
      (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);  // x32
  prog[i++] = (struct sock_filter)ENOSYS_RET;
  prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, from, 0, 1);
  prog[i++] = (struct sock_filter)ENOSYS_RET;
  for (int k = 0; k < n_denied; ++k) {
    prog[i++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied[k], 0, 1);
    prog[i++] = (struct sock_filter)ENOSYS_RET;
  }
  prog[i++] = (struct sock_filter)ALLOW;
  struct sock_fprog fprog = {.len = (unsigned short)i, .filter = prog};
  // Lets an unprivileged user install the filter; it also keeps setuid from granting privileges.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog);
}

int main(int argc, char** argv) {
#if !defined(__x86_64__)
  (void)argc;
  (void)argv;
  fprintf(stderr, "old_kernel_exec: x86_64 only\n");
  return kExitUnsupported;
#else
  unsigned from = 314, denied[kMaxDenied];
  int n_denied = 0, i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; ++i) {
    if (i + 1 >= argc) return usage();
    const char* value = argv[i + 1];
    if (strcmp(argv[i], "--from") == 0)
      from = (unsigned)strtoul(value, NULL, 10);
    else if (strcmp(argv[i], "--deny") != 0 ||
             (n_denied = parse_numbers(value, denied, kMaxDenied)) < 0)
      return usage();
    ++i;
  }
  if (i + 1 >= argc) return usage();
  if (install_filter(from, denied, n_denied) != 0) {
    fprintf(stderr, "old_kernel_exec: seccomp: %s\n", strerror(errno));
    return kExitUnsupported;
  }
  execvp(argv[i + 1], argv + i + 1);
  fprintf(stderr, "old_kernel_exec: %s: %s\n", argv[i + 1], strerror(errno));
  return 127;
#endif
}
