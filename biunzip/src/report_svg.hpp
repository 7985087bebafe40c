#pragma once
// The report's pictures, drawn as inline SVG by us (no chart library, no network). Every label
// goes through esc().
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "biunzip/report.hpp"

namespace biunzip::report {

// Stacked bars of events over time, one colour per source; empty string when there is nothing.
std::string activity_svg(const std::vector<ActivityCount>& counts);

// Horizontal bars, largest first.
std::string bars_svg(const std::vector<std::pair<std::string, uint64_t>>& bars);

struct TreeNode {
  int depth = 0;
  std::string label;     // "1234 sshd"
  std::string detail;    // exe, flags
  bool flagged = false;  // drawn in red
};
// A process tree in pre-order (each node after its parent, depth = its level).
std::string tree_svg(const std::vector<TreeNode>& nodes);

}  // namespace biunzip::report
