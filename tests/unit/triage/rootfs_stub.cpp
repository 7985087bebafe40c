// triage_tests links collector_triage only, and the triage engine uses nothing of RootFs but
// the inline root(); this is the one out-of-line member a test needs to construct one. (If the
// tests are ever linked with collector_artifacts, delete this file.)
#include "collector/artifact.hpp"

namespace collector {
RootFs::RootFs(std::string root) : root_(std::move(root)) {}
}  // namespace collector
