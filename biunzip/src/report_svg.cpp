// Inline SVG charts of report.html.
#include "report_svg.hpp"

#include <algorithm>
#include <map>

#include "biunzip/text.hpp"
#include "report_parts.hpp"

namespace biunzip::report {
namespace {

constexpr const char* kColours[] = {"#2a5298", "#12b76a", "#f79009",
                                    "#d92d20", "#7a5af8", "#0ba5ec"};
constexpr int kBins = 60;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string day_of(int64_t hour) {
  return utc_time(hour * 3600).substr(0, 10);
}

// The first hour worth drawing: events before the 1st percentile (files from 1970 or from the
// distribution's build) are counted in the first bar instead of stretching the axis.
int64_t first_hour(const std::vector<ActivityCount>& counts, uint64_t total) {
  std::vector<std::pair<int64_t, uint64_t>> by_hour;
  for (const ActivityCount& c : counts) by_hour.emplace_back(c.hour, c.count);
  std::sort(by_hour.begin(), by_hour.end());
  uint64_t seen = 0;
  for (const auto& [h, n] : by_hour) {
    seen += n;
    if (seen * 100 >= total) return h;
  }
  return by_hour.front().first;
}

}  // namespace

std::string activity_svg(const std::vector<ActivityCount>& counts) {
  if (counts.empty()) return {};
  uint64_t total = 0;
  int64_t hi = counts.front().hour;
  std::vector<std::string> sources;
  for (const ActivityCount& c : counts) {
    total += c.count;
    hi = std::max(hi, c.hour);
    if (std::find(sources.begin(), sources.end(), c.source) == sources.end())
      sources.push_back(c.source);
  }
  int64_t lo = first_hour(counts, total);
  double per_bin = std::max<double>(1.0, static_cast<double>(hi - lo + 1) / kBins);
  std::vector<std::vector<uint64_t>> bins(kBins, std::vector<uint64_t>(sources.size()));
  for (const ActivityCount& c : counts) {
    int b = std::clamp(static_cast<int>((std::max(c.hour, lo) - lo) / per_bin), 0, kBins - 1);
    std::size_t s = std::find(sources.begin(), sources.end(), c.source) - sources.begin();
    bins[b][s] += c.count;
  }
  uint64_t top = 1;
  for (const auto& b : bins) {
    uint64_t sum = 0;
    for (uint64_t n : b) sum += n;
    top = std::max(top, sum);
  }
  const double w = 900, h = 160, bar = w / kBins;
  std::string svg =
      "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 900 200\" "
      "aria-label=\"Activity over time\"><g>";
  for (int b = 0; b < kBins; ++b) {
    double y = h;
    int64_t from = lo + static_cast<int64_t>(b * per_bin);
    std::string tip = utc_time(from * 3600);
    for (std::size_t s = 0; s < sources.size(); ++s) {
      if (bins[b][s] == 0) continue;
      double bh = h * static_cast<double>(bins[b][s]) / static_cast<double>(top);
      y -= bh;
      svg += "<rect x=\"" + num(b * bar + 1) + "\" y=\"" + num(y) + "\" width=\"" + num(bar - 2) +
             "\" height=\"" + num(bh) + "\" fill=\"" + kColours[s % 6] + "\"><title>" +
             esc(tip + ": " + std::to_string(bins[b][s]) + " " + sources[s]) + "</title></rect>";
    }
  }
  svg += "<line x1=\"0\" y1=\"160.5\" x2=\"900\" y2=\"160.5\" stroke=\"#98a2b3\"/>";
  svg += "<text x=\"0\" y=\"178\">" + esc(day_of(lo)) + "</text>";
  svg += "<text x=\"900\" y=\"178\" text-anchor=\"end\">" + esc(day_of(hi)) + " (UTC)</text>";
  svg += "<text x=\"450\" y=\"178\" text-anchor=\"middle\">max " + std::to_string(top) +
         " per bar</text>";
  double x = 0;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    svg += "<rect x=\"" + num(x) + "\" y=\"188\" width=\"10\" height=\"10\" fill=\"" +
           kColours[s % 6] + "\"/><text x=\"" + num(x + 14) + "\" y=\"197\">" + esc(sources[s]) +
           "</text>";
    x += 30 + 7.0 * static_cast<double>(sources[s].size());
  }
  return svg + "</g></svg>";
}

std::string bars_svg(const std::vector<std::pair<std::string, uint64_t>>& bars) {
  if (bars.empty()) return {};
  uint64_t top = 1;
  for (const auto& [k, n] : bars) top = std::max(top, n);
  const double row = 22;
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 420 " +
                    num(row * static_cast<double>(bars.size()) + 4) +
                    "\" aria-label=\"Findings by ATT&amp;CK tactic\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    double y = row * static_cast<double>(i);
    double len = 210.0 * static_cast<double>(bars[i].second) / static_cast<double>(top);
    svg += "<text x=\"140\" y=\"" + num(y + 15) + "\" text-anchor=\"end\">" + esc(bars[i].first) +
           "</text><rect x=\"148\" y=\"" + num(y + 3) + "\" width=\"" + num(std::max(len, 2.0)) +
           "\" height=\"16\" rx=\"3\" fill=\"#d92d20\"/><text x=\"" + num(154 + len) + "\" y=\"" +
           num(y + 15) + "\">" + std::to_string(bars[i].second) + "</text>";
  }
  return svg + "</svg>";
}

std::string tree_svg(const std::vector<TreeNode>& nodes) {
  if (nodes.empty()) return {};
  const double row = 24, indent = 22;
  std::string svg = "<svg class=\"chart tree\" role=\"img\" viewBox=\"0 0 900 " +
                    num(row * static_cast<double>(nodes.size()) + 6) +
                    "\" aria-label=\"Process tree of suspicious processes\">";
  std::vector<std::size_t> parent_at;  // index of the last node seen at each depth
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const TreeNode& n = nodes[i];
    double x = indent * n.depth + 6, y = row * static_cast<double>(i) + 16;
    parent_at.resize(static_cast<std::size_t>(n.depth) + 1);
    parent_at[n.depth] = i;
    if (n.depth > 0) {
      double py = row * static_cast<double>(parent_at[n.depth - 1]) + 20;
      double px = x - indent + 4;
      svg += "<path d=\"M" + num(px) + " " + num(py) + " V" + num(y - 4) + " H" + num(x - 2) +
             "\" fill=\"none\" stroke=\"#98a2b3\"/>";
    }
    svg += "<circle cx=\"" + num(x + 2) + "\" cy=\"" + num(y - 4) + "\" r=\"4\" fill=\"" +
           (n.flagged ? "#d92d20" : "#98a2b3") + "\"/>";
    svg += "<text x=\"" + num(x + 10) + "\" y=\"" + num(y) + "\"" +
           (n.flagged ? " class=\"flag\"" : "") + ">" + esc(n.label) + "<tspan class=\"muted\"> " +
           esc(n.detail) + "</tspan></text>";
  }
  return svg + "</svg>";
}

}  // namespace biunzip::report
