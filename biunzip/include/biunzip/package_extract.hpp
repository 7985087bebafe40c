#pragma once
// Extracting a .ppc package into an OutputTree: the visitor that turns authenticated entries
// into files, and the limits that guard against decompression bombs.
#include <cstdint>
#include <optional>
#include <string>

#include "biunzip/extract_summary.hpp"
#include "biunzip/output_tree.hpp"
#include "biunzip/package_file.hpp"
#include "ppc/reader.hpp"

namespace biunzip {

struct PackageExtractOptions {
  ppc::ReadOptions read;       // identities, limits, salvage flag
  uint64_t max_ratio = 20000;  // payload bytes per package byte, checked past 1 GiB; 0: off
};

struct PackageExtractResult {
  ExtractSummary summary;
  std::optional<ppc::ReadReport> report;  // absent when the read threw (normal mode)
  std::array<uint8_t, 32> package_sha256{};
  uint64_t package_bytes = 0;
};

// Reads the whole package and writes its entries (internal ppc/ entries excepted) into
// `tree`. Never throws for the package's own failures: they land in summary.failure.
PackageExtractResult extract_package(PackageFile& file, OutputTree& tree,
                                     const PackageExtractOptions& options, Progress* progress);

}  // namespace biunzip
