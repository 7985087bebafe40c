#pragma once
// Plain and encrypted (ZipCrypto, WinZip AES) .zip files and tar archives, read through
// libarchive and written through OutputTree under the same safety rules as packages:
// only regular files, directories and symlinks; no hard links, devices, FIFOs or sockets.
#include <string>
#include <vector>

#include "biunzip/extract_summary.hpp"
#include "biunzip/output_tree.hpp"

namespace biunzip {

// Whether the file starts like a zip ("PK\3\4", "PK\5\6" empty archive) or a tar archive.
bool looks_like_archive(const std::string& path);

// Extracts every entry it safely can; failures of single entries (wrong passphrase, bad CRC,
// refusals) are recorded in the summary and the next entry follows. With `prompt`, an encrypted
// entry that none of the passphrases opens makes biunzip ask on the terminal (once).
ExtractSummary extract_archive(const std::string& path, OutputTree& tree,
                               const std::vector<std::string>& passphrases, bool prompt = false);

}  // namespace biunzip
