#pragma once
// The four output formats of `biunzip timeline` (internal to biunzip_core).
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "biunzip/timeline.hpp"
#include "ppc/io.hpp"

namespace biunzip {

struct TimelineEvent {
  int64_t us = 0;      // microseconds since the epoch
  std::string source;  // table name
  int64_t rowid = 0;
  std::string column;       // the time column; empty for a file row in bodyfile output
  std::string description;  // timestamp_desc
  std::string message;
  nlohmann::ordered_json row;  // every column of the source row
};

class TimelineWriter {
 public:
  virtual ~TimelineWriter() = default;
  virtual void begin() {}
  virtual void event(const TimelineEvent& e) = 0;
  virtual void end() {}
};

std::unique_ptr<TimelineWriter> make_timeline_writer(TimelineFormat format, ppc::ByteSink& out);

}  // namespace biunzip
