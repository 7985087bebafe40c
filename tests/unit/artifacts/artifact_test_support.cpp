// The recording ArtifactContext used by the native collector tests.
#include "artifact_test_support.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "asset/open_at.hpp"
#include "ppc/hashing.hpp"

namespace collector::test {

void RecordingTable::add(const Row& row) {
  RecordedRow out;
  for (const auto& [name, value] : row) {
    const ppc::Column* col = nullptr;
    for (const auto& c : def_.columns)
      if (c.name == name) col = &c;
    if (!col) throw std::logic_error("table " + def_.name + " has no column " + std::string(name));
    // The value must fit the declared type (NULL fits every type).
    const bool ok =
        std::holds_alternative<std::monostate>(value) ||
        (col->type == ppc::ColumnType::integer && std::holds_alternative<int64_t>(value)) ||
        (col->type == ppc::ColumnType::real && std::holds_alternative<double>(value)) ||
        (col->type == ppc::ColumnType::text && std::holds_alternative<std::string>(value));
    if (!ok) throw std::logic_error("table " + def_.name + " column " + col->name + ": wrong type");
    if (!out.emplace(std::string(name), value).second)
      throw std::logic_error("table " + def_.name + " column " + col->name + " given twice");
  }
  rows.push_back(std::move(out));
}

TableSink& FakeContext::table(std::string_view name) {
  if (auto it = tables_.find(name); it != tables_.end()) return it->second;
  for (const auto& t : def_.outputs)
    if (t.name == name) return tables_.emplace(std::string(name), RecordingTable(t)).first->second;
  throw std::logic_error("artifact " + def_.name + " declares no table " + std::string(name));
}

std::optional<StoredCopy> FakeContext::collect_proc_link(const std::string& link,
                                                         const std::string& entry,
                                                         uint64_t max_bytes, std::string& error) {
  UniqueFd fd = asset::open_proc_link(link);
  if (!fd) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string data;
  char buf[65536];
  ssize_t n;
  while (data.size() < max_bytes && (n = ::read(fd.get(), buf, sizeof buf)) > 0)
    data.append(buf, static_cast<std::size_t>(n));
  const bool truncated = data.size() > max_bytes;
  if (truncated) data.resize(max_bytes);
  copies[entry] = data;
  auto digest = ppc::sha256({reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  return StoredCopy{entry, ppc::to_hex(digest), data.size(), truncated};
}

const std::vector<RecordedRow>& FakeContext::rows(const std::string& table) const {
  static const std::vector<RecordedRow> none;
  auto it = tables_.find(table);
  return it == tables_.end() ? none : it->second.rows;
}

bool FakeContext::collected(std::string_view path) const {
  for (const auto& f : files)
    if (f == path) return true;
  return false;
}

NativeRun run_native(std::string_view artifact, const std::string& root) {
  NativeRun run;
  Catalog catalog = load_builtin_catalog();
  const ArtifactDef* def = catalog.find_artifact(artifact);
  if (!def) throw std::logic_error("no builtin artifact " + std::string(artifact));
  run.def = *def;
  run.ctx = std::make_unique<FakeContext>(run.def, root);
  NativeCollector fn = find_native_collector(run.def.native);
  if (!fn) throw std::logic_error("no native collector " + run.def.native);
  fn(*run.ctx);
  return run;
}

std::string text(const RecordedRow& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end() || !std::holds_alternative<std::string>(it->second)) {
    ADD_FAILURE() << "column " << column << " is not text";
    return {};
  }
  return std::get<std::string>(it->second);
}

int64_t integer(const RecordedRow& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end() || !std::holds_alternative<int64_t>(it->second)) {
    ADD_FAILURE() << "column " << column << " is not an integer";
    return -999999;
  }
  return std::get<int64_t>(it->second);
}

bool is_null(const RecordedRow& row, const std::string& column) {
  auto it = row.find(column);
  return it == row.end() || std::holds_alternative<std::monostate>(it->second);
}

const RecordedRow& find_row(const std::vector<RecordedRow>& rows, const std::string& column,
                            const std::string& value) {
  const RecordedRow* found = nullptr;
  int n = 0;
  for (const auto& r : rows) {
    auto it = r.find(column);
    if (it != r.end() && std::holds_alternative<std::string>(it->second) &&
        std::get<std::string>(it->second) == value) {
      found = &r;
      ++n;
    }
  }
  if (n != 1) throw std::logic_error(std::to_string(n) + " rows with " + column + " = " + value);
  return *found;
}

}  // namespace collector::test
