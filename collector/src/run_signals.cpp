#include "run_signals.hpp"

#include <signal.h>

namespace collector {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
// What artifacts poll (RunControl::interrupted): set by a signal or once a run limit is reached.
std::atomic<bool> g_stop{false};

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
  g_interrupted.store(true);
  g_stop.store(true);
}

void install_signal_handlers() {
  g_stop.store(false);  // a run in the same process (tests) starts afresh
  g_interrupted.store(false);
  g_signal.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

}  // namespace collector
