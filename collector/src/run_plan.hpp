#pragma once
// The run plan: everything a collection will do, computed once from the options before anything
// is opened or written (what --dry-run prints; the collection follows it). Pure: it reads only
// the built-in catalogue and a profile file named with --profile.
#include <sys/types.h>

#include <string>
#include <vector>

#include "collector/definitions.hpp"
#include "collector/options.hpp"
#include "ppc/hashing.hpp"
#include "uac_session.hpp"

namespace collector {

// The profile by built-in name or from a file; "none" collects only --collect.
ProfileDef load_profile(const Catalog& catalog, const std::string& name);
// The profile's artifacts plus those named with --artifact, each once, in catalogue order.
std::vector<const ArtifactDef*> select_artifacts(const Catalog& catalog, const ProfileDef& profile,
                                                 const std::vector<std::string>& extra);
// --hash plus the profile's hashes (SHA-256 always).
ppc::HashSelection hash_selection(const RunOptions& o, const ProfileDef& p);

struct RunPlan {
  RunOptions options;  // as given (max_file_size: the profile's when unset)
  Catalog catalog;     // owns what `artifacts` points to
  ProfileDef profile;
  std::vector<const ArtifactDef*> artifacts;  // in the order they run: most volatile first
  ppc::HashSelection hashes;
  UacPlan uac;  // --uac: UAC artifacts, run after ours
};
// Throws ppc::Error(usage) for an unknown profile or artifact.
RunPlan make_run_plan(RunOptions options);

}  // namespace collector
