#pragma once
// One table writer for every artifact: each row goes to its SQLite table in case.db and to
// live/<artifact>/<table>.jsonl in the package (parts of at most 16 MiB: <table>.partN.jsonl).
#include <map>
#include <memory>
#include <string>

#include "collector/artifact.hpp"
#include "ppc/case_db.hpp"
#include "ppc/writer.hpp"

namespace collector {

class TableSet {
 public:
  TableSet(ppc::CaseDb& db, ppc::PackageWriter& writer);
  ~TableSet();
  // The sink for a table an artifact declares; created in case.db on first use.
  TableSink& open(const std::string& artifact, const TableDef& def);
  // Writes the JSONL of every table of `artifact` into the package.
  void flush(const std::string& artifact);
  uint64_t rows() const { return rows_; }

 private:
  class Sink;
  ppc::CaseDb& db_;
  ppc::PackageWriter& writer_;
  std::map<std::string, std::unique_ptr<Sink>> sinks_;  // "artifact/table"
  uint64_t rows_ = 0;
};

}  // namespace collector
