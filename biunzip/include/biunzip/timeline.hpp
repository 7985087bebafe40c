#pragma once
// `biunzip timeline`: every timestamped row of case.db (and of the folder's custody.log) as one
// time-ordered stream. SQLite sorts (ORDER BY over a UNION ALL, spilling to temporary files),
// so memory stays bounded however many bodyfile rows the package holds.
//
// Which columns are times is read from the database, not from a hand-kept list of tables, so
// tables added by new artifacts take part without a change here (docs/USAGE.md, "timeline"):
//   - INTEGER columns named time, timestamp, mtime, atime, ctime, btime, crtime or *_time hold
//     seconds since the epoch (UTC); a sibling INTEGER column <name>_usec adds microseconds;
//   - TEXT columns named time, time_utc or *_time(_utc) hold ISO 8601 text;
//   - a few known columns in other units (shadow_meta's days since 1970) are listed in the code.
// Zero, NULL, empty and unparsable values mean "unknown" and make no event.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppc/io.hpp"

namespace biunzip {

enum class TimelineFormat { timesketch, csv, bodyfile, jsonl };

struct TimelineOptions {
  TimelineFormat format = TimelineFormat::timesketch;
  std::optional<int64_t> since_us;  // inclusive, microseconds since the epoch
  std::optional<int64_t> until_us;  // exclusive
};

struct TimelineInput {
  std::string case_db;      // path, or empty when there is none
  std::string custody_log;  // path of a folder's custody.log, or empty
};

// Lines written per source (table name, "custody_log" for custody.log).
using TimelineCounts = std::map<std::string, uint64_t>;

// Writes the timeline to `out`. Throws ppc::Error (io for an unreadable database).
TimelineCounts write_timeline(const TimelineInput& in, const TimelineOptions& options,
                              ppc::ByteSink& out);

// ISO 8601 date or date-time ("2024-05-01", "2024-05-01T12:00:00.5Z", "2024-05-01 12:00:00+02:00";
// no zone means UTC) as microseconds since the epoch; nullopt when it is not one.
std::optional<int64_t> parse_iso8601_us(std::string_view text);
// "2024-05-01T12:00:00.000000+00:00".
std::string iso8601_us(int64_t us);

// One column of the database that holds times (see above), as the timeline reads it.
enum class TimeUnit { seconds, days, iso_text };
struct TimeColumn {
  std::string table;
  std::string column;
  std::string usec_column;  // empty unless <column>_usec exists
  TimeUnit unit = TimeUnit::seconds;
  bool real = false;        // REAL seconds (fractions)
  std::string description;  // Timesketch's timestamp_desc, e.g. "Modification Time"
};
struct ColumnInfo {
  std::string name;
  std::string type;  // declared type, upper case
};
// The time columns of one table, given its columns in order.
std::vector<TimeColumn> time_columns(const std::string& table,
                                     const std::vector<ColumnInfo>& columns);
// An SQL expression (over the table's columns) for the event's one-line message.
std::string message_sql(const std::string& table, const std::vector<ColumnInfo>& columns);

}  // namespace biunzip
