#pragma once
// Signals during a run (internal): SIGINT, SIGTERM and SIGHUP only set flags, so an interrupt at
// any moment still ends in a finished package and exit 130; SIGPIPE is ignored.
#include <atomic>

namespace collector {

extern std::atomic<bool> g_interrupted;  // a signal arrived
extern std::atomic<int> g_signal;        // which one
// What artifacts poll (RunControl::interrupted): set by a signal or once a run limit is reached.
extern std::atomic<bool> g_stop;

// Clears the flags and installs the handlers.
void install_signal_handlers();

}  // namespace collector
