/*
  Rootkits: LD_PRELOAD libraries that hide files and processes, writers of /etc/ld.so.preload,
  loadable kernel modules hooking system calls, PAM backdoors and other hiding tricks.
*/

import "elf"

rule ld_so_preload_writer
{
  meta:
    description = "Script writes a library path into /etc/ld.so.preload (system-wide preload)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1574.006"
  strings:
    $write = /(echo|printf|cat|tee)\s[^\n]{1,200}(>>?|tee(\s+-a)?)\s*\/etc\/ld\.so\.preload/
    $cp = /(cp|mv|install)\s+[^\n]{1,200}\s+\/etc\/ld\.so\.preload\b/
  condition:
    uint32(0) != 0x464c457f and any of them
}

rule ld_preload_hiding_library
{
  meta:
    description = "Shared object overriding readdir and chaining to libc with dlsym (userland rootkit)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $proc = "/proc/" ascii
    $preload = "ld.so.preload" ascii
    $self = "/proc/self/fd/" ascii
  condition:
    uint32(0) == 0x464c457f and elf.type == elf.ET_DYN and elf.dynsym_entries < 400 and
    for any i in (0..elf.dynsym_entries - 1) : (
      (elf.dynsym[i].name == "readdir" or elf.dynsym[i].name == "readdir64") and
      elf.dynsym[i].shndx != 0) and
    for any j in (0..elf.dynsym_entries - 1) : (
      elf.dynsym[j].name == "dlsym" and elf.dynsym[j].shndx == 0) and
    ($proc or $preload or $self)
}

rule ld_preload_process_hider
{
  meta:
    description = "libprocesshider-style library filtering a process name out of /proc listings"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $filter = "process_to_filter" ascii
    $dirname = "get_dir_name" ascii
    $procname = "get_process_name" ascii
    $stat = "/proc/%s/stat" ascii
  condition:
    uint32(0) == 0x464c457f and 3 of them
}

rule userland_rootkit_names
{
  meta:
    description = "Small preloadable library named after a public LD_PRELOAD rootkit (Azazel, Jynx, BEURK, Vlany, bdvl)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $azazel = "azazel" ascii nocase fullword
    $jynx = "jynx" ascii nocase fullword
    $jynx2 = "jynx2" ascii nocase fullword
    $beurk = "BEURK" ascii fullword
    $vlany = "vlany" ascii nocase fullword
    $bdvl = "bdvl" ascii fullword
    $trait1 = "readdir" ascii
    $trait2 = "ld.so.preload" ascii
    $trait3 = "/proc/" ascii
  condition:
    uint32(0) == 0x464c457f and elf.type == elf.ET_DYN and filesize < 5MB and
    any of ($azazel, $jynx, $jynx2, $beurk, $vlany, $bdvl) and any of ($trait*)
}

rule lkm_diamorphine
{
  meta:
    description = "Diamorphine kernel rootkit (hooked getdents/kill, module hiding)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1547.006"
  strings:
    $vermagic = "vermagic=" ascii
    $name = "diamorphine" ascii nocase
    $h1 = "hacked_getdents" ascii
    $h2 = "hacked_kill" ascii
    $h3 = "module_hide" ascii
    $h4 = "module_show" ascii
  condition:
    uint32(0) == 0x464c457f and $vermagic and ($name or 2 of ($h*))
}

rule lkm_syscall_table_hook
{
  meta:
    description = "Kernel module looking up sys_call_table to hook directory listing calls"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1547.006"
  strings:
    $vermagic = "vermagic=" ascii
    $table = "sys_call_table" ascii
    $kallsyms = "kallsyms_lookup_name" ascii
    $getdents = "getdents" ascii
    $filldir = "filldir" ascii
  condition:
    uint32(0) == 0x464c457f and $vermagic and $table and $kallsyms and ($getdents or $filldir)
}

rule lkm_process_hiding
{
  meta:
    description = "Kernel module with functions to hide processes, files or itself"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1014"
  strings:
    $vermagic = "vermagic=" ascii
    $h1 = "hide_pid" ascii
    $h2 = "unhide_pid" ascii
    $h3 = "hidden_pids" ascii
    $h4 = "hide_module" ascii
    $h5 = "hide_file" ascii
    $h6 = "hide_tcp" ascii
  condition:
    uint32(0) == 0x464c457f and $vermagic and 2 of ($h*)
}

rule lkm_reptile
{
  meta:
    description = "Reptile kernel rootkit components"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $r1 = "reptile_cmd" ascii
    $r2 = "reptile_shell" ascii
    $r3 = "/reptile/" ascii
    $r4 = "reptile_start" ascii
    $r5 = "reptile_module" ascii
  condition:
    any of them
}

rule pam_credential_logger
{
  meta:
    description = "PAM module that writes credentials to a file in a world-writable directory"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1556.003"
  strings:
    $auth = "pam_sm_authenticate" ascii
    $get = "pam_get_item" ascii
    $tmp = /\/(tmp|var\/tmp|dev\/shm)\/\.?[A-Za-z0-9_.\-]{1,40}/
    $fmt = /%s\s?[:|]\s?%s/
  condition:
    uint32(0) == 0x464c457f and $auth and $get and $tmp and $fmt
}

rule process_hidden_by_bind_mount
{
  meta:
    description = "Bind-mounting over /proc/<pid> to hide a process from ps and top"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1564"
  strings:
    $bind = /mount\s+(-o\s+bind|--bind|-B)\s+[^\s;]{1,128}\s+\/proc\/(\$|[0-9])/
  condition:
    $bind
}
