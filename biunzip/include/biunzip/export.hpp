#pragma once
// `biunzip export`: the package's payload as an ordinary tar, or case.db as JSON lines.
#include <string>

#include "biunzip/package_file.hpp"
#include "ppc/io.hpp"
#include "ppc/reader.hpp"

namespace biunzip {

// Streams the decrypted, decompressed payload as it is stored: an ordinary pax tar, internal
// ppc/ entries (checkpoints, manifest) included. Only authenticated chunks are written; entry
// digests are not checked (use verify). Throws ppc::Error when the package fails to read.
ppc::ReadReport export_tar(PackageFile& file, const ppc::ReadOptions& options, int out_fd);

// Every case.db table as JSON lines: {"table": name, <column>: value, ...}.
void export_case_db_jsonl(const std::string& case_db_path, ppc::ByteSink& out);

}  // namespace biunzip
