#include <malloc.h>

#include "collector/run.hpp"

int main(int argc, char** argv) {
  // Fixed thresholds instead of glibc's adaptive ones: once a multi-MiB buffer is freed, glibc
  // would raise its mmap threshold and keep up to twice that much freed memory in every
  // thread's arena. Buffers of 1 MiB and more (file copies for triage, scan buffers) come from
  // mmap and go back to the system when freed, so peak RSS stays flat (docs/PERFORMANCE.md).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TRIM_THRESHOLD, 4 << 20);
  return collector::run(argc, argv);
}
