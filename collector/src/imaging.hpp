#pragma once
// Imaging (--image): each source becomes one streamed entry images/<name>.raw, read once; the
// writer hashes (MD5, SHA-1, SHA-256 as --image-hash asks), compresses and encrypts it as it
// stores it. The metadata goes to case.db (`images`, `image_errors`) and to custody.json.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "asset/block_source.hpp"
#include "ppc/case_db.hpp"
#include "ppc/environment.hpp"
#include "ppc/writer.hpp"
#include "run_log.hpp"

namespace collector {

struct PlannedImage {
  std::string source;  // as given
  std::string name;    // entry images/<name>.raw
  asset::BlockSource device;
};

// Opens every source before the package exists. Throws Error(usage) for a source that cannot be
// opened, is neither a block device nor a regular file, or holds the case directory.
std::vector<PlannedImage> plan_images(const std::vector<std::string>& sources,
                                      const std::string& case_dir);

struct ImagingHooks {
  std::function<bool()> stop;                // polled between blocks: limits, --timeout, signals
  std::function<std::string()> stop_reason;  // why, once stop() returned true
  bool progress = false;                     // a progress line on stderr (a TTY)
};

// Stores every planned image; returns custody.json's `images` array.
nlohmann::json store_images(std::vector<PlannedImage>& images, ppc::PackageWriter& writer,
                            ppc::CaseDb& db, RunLog& log, ppc::Clock& clock,
                            const ImagingHooks& hooks);

}  // namespace collector
