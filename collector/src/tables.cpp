#include "tables.hpp"

#include <stdexcept>

#include "utc.hpp"

namespace collector {

class TableSet::Sink final : public TableSink {
 public:
  static constexpr std::size_t kPartBytes = 16u << 20;

  Sink(TableSet& set, std::string artifact, TableDef def)
      : set_(set),
        artifact_(std::move(artifact)),
        def_(std::move(def)),
        row_(def_.columns.size()) {}

  void add(const Row& row) override {
    std::fill(row_.begin(), row_.end(), ppc::Value{});
    for (const auto& [name, value] : row) row_[column(name)] = value;
    set_.db_.insert(def_.name, row_);
    jsonl_ += ppc::row_to_json(def_.columns, row_);
    jsonl_ += '\n';
    ++set_.rows_;
    if (jsonl_.size() >= kPartBytes) flush();
  }

  void flush() {
    if (jsonl_.empty() && parts_ > 0) return;
    ++parts_;
    std::string name = "live/" + artifact_ + "/" + def_.name +
                       (parts_ == 1 ? std::string() : ".part" + std::to_string(parts_)) + ".jsonl";
    set_.writer_.add_text(produced_entry(name), jsonl_);
    jsonl_.clear();
  }

 private:
  std::size_t column(std::string_view name) const {
    for (std::size_t i = 0; i < def_.columns.size(); ++i)
      if (def_.columns[i].name == name) return i;
    throw std::logic_error("artifact " + artifact_ + " writes unknown column '" +
                           std::string(name) + "' to table " + def_.name);
  }

  TableSet& set_;
  std::string artifact_;
  TableDef def_;
  std::vector<ppc::Value> row_;
  std::string jsonl_;
  int parts_ = 0;
};

TableSet::TableSet(ppc::CaseDb& db, ppc::PackageWriter& writer) : db_(db), writer_(writer) {}
TableSet::~TableSet() = default;

TableSink& TableSet::open(const std::string& artifact, const TableDef& def) {
  std::string key = artifact + "/" + def.name;
  auto it = sinks_.find(key);
  if (it == sinks_.end()) {
    db_.create_table(def.name, def.columns);
    it = sinks_.emplace(key, std::make_unique<Sink>(*this, artifact, def)).first;
  }
  return *it->second;
}

void TableSet::flush(const std::string& artifact) {
  std::string prefix = artifact + "/";
  for (auto& [key, sink] : sinks_)
    if (key.rfind(prefix, 0) == 0) sink->flush();
}

}  // namespace collector
