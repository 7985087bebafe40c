#pragma once
// Reading case.db for the report (internal to biunzip_core): every name and value from the
// database is quoted, because case.db comes from the package and may be hostile.
#include <string>
#include <string_view>
#include <vector>

#include "biunzip/report.hpp"
#include "ppc/case_db.hpp"

namespace biunzip::report_db {

std::string value_text(const ppc::Value& v);
std::string quote_identifier(std::string_view name);
std::string quote_literal(std::string_view text);
int64_t single_int(const ppc::CaseDb& db, const std::string& sql);
bool has_column(const ppc::CaseDb& db, const std::string& table, std::string_view column);
// Rows of `sql` (at most `limit`), named after `table` whose columns it must return.
TableData load_rows(const ppc::CaseDb& db, const std::string& table, const std::string& sql,
                    std::size_t limit);

// The artifact tables, findings and activity counts of the report's analyst sections.
void load_analyst_tables(const ppc::CaseDb& db, const std::vector<std::string>& names,
                         std::size_t limit, ReportData& d);
void load_findings(const ppc::CaseDb& db, const std::vector<std::string>& names, std::size_t limit,
                   ReportData& d);

}  // namespace biunzip::report_db
