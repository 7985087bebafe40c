#pragma once
// The checks and conversions of option values, as CLI11 validators. They are attached to the
// option table (options_table.cpp), so a value gets them whether it comes from the command line
// or from collector.yaml.
#include <CLI/CLI.hpp>

namespace collector::checks {

// A size in the grammar of ppc/units.hpp, replaced by its number of bytes (a transform).
CLI::Validator size();
// A volume size (--split-size): a size of at least 1 MiB.
CLI::Validator volume_size();
// An absolute path or glob on the asset (a relative one would silently match nothing).
CLI::Validator absolute_path();
// A case identifier: it names the package file, so no '/', no leading '.', at most 64 bytes.
CLI::Validator case_id();
// A built-in artifact name, or a glob over names.
CLI::Validator artifact();
// sha256[,md5][,sha1].
CLI::Validator hash_list();
// A ppc1... X25519 public key.
CLI::Validator recipient();
// YYYY-MM-DD or a number of days ("7d").
CLI::Validator since();
// NAME=VALUE with NAME a UAC variable name ([A-Za-z_][A-Za-z0-9_]*).
CLI::Validator uac_var();
// A calendar date YYYY-MM-DD.
CLI::Validator iso_date();

}  // namespace collector::checks
