// Per-process and system files of /proc (stat, status, cgroup, cmdline, maps, modules,
// mounts) and the text helpers under them. Every parser gets every input: a real /proc file
// of one kind is a fine hostile input for the others.
#include "artifacts/parsers.hpp"
#include "fuzz_support.hpp"

namespace p = collector::parsers;

PPC_FUZZ_TARGET {
  std::string_view text = ppc_fuzz::as_text(data, size);
  if (auto st = p::parse_proc_pid_stat(text))
    ppc_fuzz::require(st->comm.size() <= size, "comm within the input");
  (void)p::parse_proc_status_ids(text);
  ppc_fuzz::require(p::container_id_from_cgroup(text).size() % 64 == 0, "container id length");
  (void)p::parse_btime(text);
  ppc_fuzz::require(p::cmdline_to_text(text).size() <= size, "cmdline text length");
  (void)p::parse_mounts(text);
  (void)p::parse_proc_modules(text);
  (void)p::parse_proc_maps(text);
  (void)p::parse_colon_values(text);
  (void)p::parse_os_release(text);
  ppc_fuzz::require(p::unescape_octal(text).size() <= size, "unescaping never grows");
  for (const auto& l : p::config_lines(text, "#;"))
    ppc_fuzz::require(l.line >= 1 && !l.text.empty(), "config lines are numbered and non-empty");
  for (auto f : p::split(text, ':')) ppc_fuzz::require(f.size() <= size, "split field");
  (void)p::to_int(text);
  (void)p::to_uint(text, 16);
  return 0;
}
