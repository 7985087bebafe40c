#include "elf_samples.hpp"

namespace triage_test {
namespace {

constexpr uint32_t kShtProgbits = 1;
constexpr uint32_t kShtSymtab = 2;
constexpr uint32_t kShtStrtab = 3;
constexpr uint32_t kShtDynsym = 11;

// Appends integers in the file's byte order; `addr` is 4 or 8 bytes by ELF class.
class Writer {
 public:
  Writer(bool big_endian, int bits) : big_endian_(big_endian), bits_(bits) {}
  std::string& bytes() { return out_; }
  void put(uint64_t value, int size) {
    for (int i = 0; i < size; ++i) {
      int shift = big_endian_ ? 8 * (size - 1 - i) : 8 * i;
      out_ += static_cast<char>((value >> shift) & 0xff);
    }
  }
  void u8(uint64_t v) { put(v, 1); }
  void u16(uint64_t v) { put(v, 2); }
  void u32(uint64_t v) { put(v, 4); }
  void addr(uint64_t v) { put(v, bits_ / 8); }
  void align(std::size_t n) { out_.resize((out_.size() + n - 1) / n * n, '\0'); }

 private:
  std::string out_;
  bool big_endian_;
  int bits_;
};

struct Section {
  uint32_t name = 0, type = 0, link = 0;
  uint64_t offset = 0, size = 0, entsize = 0;
};

// A string table: a leading NUL, then each name NUL-terminated; returns the name's offset.
uint32_t add_name(std::string& table, const std::string& name) {
  if (table.empty()) table += '\0';
  auto at = static_cast<uint32_t>(table.size());
  table += name;
  table += '\0';
  return at;
}

void write_symbols(Writer& w, const ElfSpec& spec, const std::vector<uint32_t>& names) {
  const bool wide = spec.bits == 64;
  for (std::size_t i = 0; i <= spec.dynamic_symbols.size(); ++i) {  // entry 0 is the null symbol
    uint32_t name = i == 0 ? 0 : names[i - 1];
    uint8_t info = i == 0 ? 0 : 0x12;  // STB_GLOBAL, STT_FUNC
    uint16_t shndx = i > 0 && spec.dynamic_symbols[i - 1].defined ? 1 : 0;
    w.u32(name);
    if (wide) {
      w.u8(info);
      w.u8(0);
      w.u16(shndx);
      w.addr(0);  // st_value
      w.addr(0);  // st_size
    } else {
      w.addr(0);
      w.addr(0);
      w.u8(info);
      w.u8(0);
      w.u16(shndx);
    }
  }
}

void write_section_header(Writer& w, const Section& s) {
  for (uint64_t v : {uint64_t{s.name}, uint64_t{s.type}}) w.u32(v);
  for (uint64_t v : {uint64_t{0}, uint64_t{0}, s.offset, s.size}) w.addr(v);  // flags, addr
  for (uint64_t v : {uint64_t{s.link}, uint64_t{0}}) w.u32(v);                // link, info
  for (uint64_t v : {uint64_t{1}, s.entsize}) w.addr(v);                      // align
}

// Everything after the program headers: payload, tables, section headers. Returns the index
// of .shstrtab and fills `sections`.
uint16_t write_body(Writer& w, const ElfSpec& spec, std::vector<Section>& sections) {
  const std::size_t sym_size = spec.bits == 64 ? 24 : 16;
  w.bytes() += spec.payload;
  std::string shstrtab, dynstr;
  sections.push_back({});  // SHN_UNDEF
  for (const std::string& name : spec.sections)
    sections.push_back({add_name(shstrtab, name), name == ".symtab" ? kShtSymtab : kShtProgbits});
  if (!spec.dynamic_symbols.empty()) {
    std::vector<uint32_t> names;
    for (const ElfSymbol& s : spec.dynamic_symbols) names.push_back(add_name(dynstr, s.name));
    Section str{add_name(shstrtab, ".dynstr"), kShtStrtab, 0, w.bytes().size(), dynstr.size()};
    w.bytes() += dynstr;
    w.align(8);
    auto str_index = static_cast<uint32_t>(sections.size() + 1);
    Section sym{add_name(shstrtab, ".dynsym"), kShtDynsym, str_index, w.bytes().size(),
                (names.size() + 1) * sym_size, sym_size};
    write_symbols(w, spec, names);
    sections.push_back(sym);
    sections.push_back(str);
  }
  auto shstrndx = static_cast<uint16_t>(sections.size());
  uint32_t own_name = add_name(shstrtab, ".shstrtab");
  sections.push_back({own_name, kShtStrtab, 0, w.bytes().size(), shstrtab.size()});
  w.bytes() += shstrtab;
  w.align(8);
  return shstrndx;
}

void write_header(Writer& w, const ElfSpec& spec, uint64_t shoff, uint16_t shnum,
                  uint16_t shstrndx) {
  const bool wide = spec.bits == 64;
  w.bytes() +=
      "\x7f"
      "ELF";
  w.u8(wide ? 2 : 1);             // EI_CLASS
  w.u8(spec.big_endian ? 2 : 1);  // EI_DATA
  w.u8(1);                        // EI_VERSION
  w.bytes().resize(16, '\0');
  w.u16(spec.type);
  w.u16(wide ? 62 : 3);  // e_machine: x86-64 / i386
  w.u32(1);              // e_version
  const uint64_t ehsize = wide ? 64 : 52;
  w.addr(0);  // e_entry
  w.addr(spec.segments.empty() ? 0 : ehsize);
  w.addr(shoff);
  w.u32(0);  // e_flags
  for (uint64_t v : {ehsize, uint64_t{wide ? 56u : 32u}, uint64_t{spec.segments.size()},
                     uint64_t{wide ? 64u : 40u}, uint64_t{shnum}, uint64_t{shstrndx}})
    w.u16(v);
}

void write_program_headers(Writer& w, const ElfSpec& spec) {
  constexpr uint32_t kReadExecute = 5;
  for (uint32_t type : spec.segments) {
    w.u32(type);
    if (spec.bits == 64) w.u32(kReadExecute);
    for (int field = 0; field < 5; ++field) w.addr(0);  // offset, vaddr, paddr, filesz, memsz
    if (spec.bits == 32) w.u32(kReadExecute);
    w.addr(0x1000);  // p_align
  }
}

}  // namespace

std::string make_elf(const ElfSpec& spec) {
  Writer body(spec.big_endian, spec.bits);
  body.bytes().resize(spec.bits == 64 ? 64 : 52, '\0');  // header, written last
  write_program_headers(body, spec);
  Writer header(spec.big_endian, spec.bits);
  if (spec.section_table) {
    std::vector<Section> sections;
    uint16_t shstrndx = write_body(body, spec, sections);
    uint64_t shoff = body.bytes().size();
    for (const Section& s : sections) write_section_header(body, s);
    write_header(header, spec, shoff, static_cast<uint16_t>(sections.size()), shstrndx);
  } else {
    body.bytes() += spec.payload;
    write_header(header, spec, 0, 0, 0);
  }
  std::string elf = std::move(body.bytes());
  elf.replace(0, header.bytes().size(), header.bytes());
  if (elf.size() < spec.min_size) elf.resize(spec.min_size, '\0');
  return elf;
}

}  // namespace triage_test
