#pragma once
// Synthetic ELF files for the default-rule tests: a header, program headers, a payload and an
// optional section table with .dynsym/.dynstr, in either class and byte order. The rules read
// these structures at fixed offsets (no elf module), so every layout variant needs a sample.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace triage_test {

struct ElfSymbol {
  std::string name;
  bool defined = false;  // st_shndx != 0 (defined here) or 0 (imported)
};

struct ElfSpec {
  int bits = 64;  // 32 or 64
  bool big_endian = false;
  uint16_t type = 3;                       // e_type: 1 REL, 2 EXEC, 3 DYN
  std::vector<uint32_t> segments = {1};    // p_type of each program header (1 = PT_LOAD)
  bool section_table = true;               // false: e_shoff = e_shnum = 0 (sstrip-ed)
  std::vector<std::string> sections;       // extra named sections, e.g. ".text", ".symtab"
  std::vector<ElfSymbol> dynamic_symbols;  // written as .dynsym + .dynstr when not empty
  std::string payload;                     // bytes right after the program headers
  std::size_t min_size = 0;                // zero-padded up to this size
};

std::string make_elf(const ElfSpec& spec);

}  // namespace triage_test
