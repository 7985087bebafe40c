#pragma once
// Runs one artifact of any kind (native, file, command) against the asset.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "collector/artifact.hpp"
#include "file_store.hpp"
#include "run_log.hpp"
#include "tables.hpp"

namespace collector {

struct RunControl {
  const std::atomic<bool>* interrupted = nullptr;
  int64_t deadline_ns = 0;  // monotonic; 0 = none
  ppc::Clock* clock = nullptr;
  bool stop_requested() const;
};

// Throws what the artifact throws; the session logs it and goes on with the next artifact.
void run_artifact(const ArtifactDef& def, const RootFs& fs, TableSet& tables, FileStore& store,
                  RunLog& log, const RunControl& control);

}  // namespace collector
