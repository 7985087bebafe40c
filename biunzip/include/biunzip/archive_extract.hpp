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

// What `info`, `list` and `verify` learn from a zip or tar archive without writing anything.
struct ArchiveListing {
  std::string format;  // libarchive's name, e.g. "ZIP 2.0 (deflation)", "POSIX pax"
  std::vector<ExtractedEntry> entries;  // every entry; verification "crc" when its data was read
  uint64_t encrypted = 0;               // entries whose data is encrypted
  ExtractSummary problems;              // problems (bad CRC, wrong passphrase) and failure
};

// Reads every entry header and, with `read_data`, every entry's data (hashing it; libarchive
// checks zip CRCs as it goes). Never throws for the archive's own faults.
ArchiveListing list_archive(const std::string& path, const std::vector<std::string>& passphrases,
                            bool read_data, bool prompt = false);

// Extracts every entry it safely can; failures of single entries (wrong passphrase, bad CRC,
// refusals) are recorded in the summary and the next entry follows. With `prompt`, an encrypted
// entry that none of the passphrases opens makes biunzip ask on the terminal (once).
ExtractSummary extract_archive(const std::string& path, OutputTree& tree,
                               const std::vector<std::string>& passphrases, bool prompt = false);

}  // namespace biunzip
