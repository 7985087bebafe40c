/*
  Rootkits: preloaded libraries that hide files and processes, writers of the system-wide preload
  list (ld.so.preload), loadable kernel modules hooking system calls, PAM backdoors and other
  hiding tricks.

  No `import "elf"` (it parses every symbol of every ELF scanned; see elf_traits.yar, which also
  lists the header offsets): ELF facts are read at fixed offsets, and only after the strings
  that make a match possible have matched.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule ld_so_preload_writer
{
  meta:
    description = "Script writes a library path into /etc/ld.so\x2epreload (system-wide preload)"
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
    $proc = "/proc\x2f" ascii
    $preload = "ld.so\x2epreload" ascii
    $self = "/proc/self\x2ffd/" ascii
    // Necessary for the symbol names below; private, so matches report what they did before.
    $readdir_name = /re[a]ddir/ private
    $dlsym_name = "dl\x73ym" ascii private
  condition:
    // elf.type == ET_DYN and elf.dynsym_entries < 400 and a dynamic symbol "readdir" or
    // "readdir64" is defined (st_shndx != 0) and "dlsym" is imported (st_shndx == 0), read as the
    // elf module reads them: from the last SHT_DYNSYM (11) section whose sh_link is an SHT_STRTAB
    // (3), both tables inside the file, and only once the strings have matched. Name bytes:
    // "read" 0x64616572, "dir\0" 0x00726964, "dir6" 0x36726964, "4\0" 0x0034, "dlsy" 0x79736c64,
    // "m\0" 0x006d.
    uint32(0) == 0x464c457f and ($proc or $preload or $self) and $readdir_name and $dlsym_name and (
      // 64-bit little-endian
      (uint8(4) == 2 and uint8(5) == 1 and filesize > 64 and uint16(16) == 3 and
       uint16(60) < 0xff00 and uint16(62) < uint16(60) and uint32(44) == 0 and
       uint32(40) + uint16(60) * 64 <= filesize and
       for any s in (0..uint16(60) - 1) : (
         uint32(uint32(40) + s * 64 + 4) == 11 and uint32(uint32(40) + s * 64 + 40) < uint16(60) and
         for any str in (uint32(40) + uint32(uint32(40) + s * 64 + 40) * 64) : (
           uint32(str + 4) == 3 and
           not for any t in (s + 1..uint16(60) - 1) : (
             uint32(uint32(40) + t * 64 + 4) == 11 and
             uint32(uint32(40) + t * 64 + 40) < uint16(60) and
             uint32(uint32(40) + uint32(uint32(40) + t * 64 + 40) * 64 + 4) == 3) and
           (uint32(uint32(40) + s * 64 + 28) | uint32(uint32(40) + s * 64 + 36) |
            uint32(str + 28) | uint32(str + 36)) == 0 and
           uint32(uint32(40) + s * 64 + 24) + uint32(uint32(40) + s * 64 + 32) <= filesize and
           uint32(str + 24) + uint32(str + 32) <= filesize and
           uint32(uint32(40) + s * 64 + 32) \ 24 < 400 and
           uint32(str + 32) > 0 and uint8(uint32(str + 24)) == 0 and
           for any j in (0..uint32(uint32(40) + s * 64 + 32) \ 24 - 1) : (
             for any sym in (uint32(uint32(40) + s * 64 + 24) + j * 24) : (
               uint16(sym + 6) != 0 and uint32(sym) < 0x80000000 and
               uint32(uint32(str + 24) + uint32(sym)) == 0x64616572 and
               ((uint32(uint32(str + 24) + uint32(sym) + 4) == 0x00726964 and
                 uint32(sym) + 8 <= uint32(str + 32)) or
                (uint32(uint32(str + 24) + uint32(sym) + 4) == 0x36726964 and
                 uint16(uint32(str + 24) + uint32(sym) + 8) == 0x0034 and
                 uint32(sym) + 10 <= uint32(str + 32))))) and
           for any j in (0..uint32(uint32(40) + s * 64 + 32) \ 24 - 1) : (
             for any sym in (uint32(uint32(40) + s * 64 + 24) + j * 24) : (
               uint16(sym + 6) == 0 and uint32(sym) < 0x80000000 and
               uint32(sym) + 6 <= uint32(str + 32) and
               uint32(uint32(str + 24) + uint32(sym)) == 0x79736c64 and
               uint16(uint32(str + 24) + uint32(sym) + 4) == 0x006d))))) or
      // 32-bit little-endian
      (uint8(4) == 1 and uint8(5) == 1 and filesize > 52 and uint16(16) == 3 and
       uint16(48) < 0xff00 and uint16(50) < uint16(48) and uint32(32) + uint16(48) * 40 <= filesize and
       for any s in (0..uint16(48) - 1) : (
         uint32(uint32(32) + s * 40 + 4) == 11 and uint32(uint32(32) + s * 40 + 24) < uint16(48) and
         for any str in (uint32(32) + uint32(uint32(32) + s * 40 + 24) * 40) : (
           uint32(str + 4) == 3 and
           not for any t in (s + 1..uint16(48) - 1) : (
             uint32(uint32(32) + t * 40 + 4) == 11 and
             uint32(uint32(32) + t * 40 + 24) < uint16(48) and
             uint32(uint32(32) + uint32(uint32(32) + t * 40 + 24) * 40 + 4) == 3) and
           uint32(uint32(32) + s * 40 + 16) + uint32(uint32(32) + s * 40 + 20) <= filesize and
           uint32(str + 16) + uint32(str + 20) <= filesize and
           uint32(uint32(32) + s * 40 + 20) \ 16 < 400 and
           uint32(str + 20) > 0 and uint8(uint32(str + 16)) == 0 and
           for any j in (0..uint32(uint32(32) + s * 40 + 20) \ 16 - 1) : (
             for any sym in (uint32(uint32(32) + s * 40 + 16) + j * 16) : (
               uint16(sym + 14) != 0 and uint32(sym) < 0x80000000 and
               uint32(uint32(str + 16) + uint32(sym)) == 0x64616572 and
               ((uint32(uint32(str + 16) + uint32(sym) + 4) == 0x00726964 and
                 uint32(sym) + 8 <= uint32(str + 20)) or
                (uint32(uint32(str + 16) + uint32(sym) + 4) == 0x36726964 and
                 uint16(uint32(str + 16) + uint32(sym) + 8) == 0x0034 and
                 uint32(sym) + 10 <= uint32(str + 20))))) and
           for any j in (0..uint32(uint32(32) + s * 40 + 20) \ 16 - 1) : (
             for any sym in (uint32(uint32(32) + s * 40 + 16) + j * 16) : (
               uint16(sym + 14) == 0 and uint32(sym) < 0x80000000 and
               uint32(sym) + 6 <= uint32(str + 20) and
               uint32(uint32(str + 16) + uint32(sym)) == 0x79736c64 and
               uint16(uint32(str + 16) + uint32(sym) + 4) == 0x006d))))) or
      // 64-bit big-endian
      (uint8(4) == 2 and uint8(5) == 2 and filesize > 64 and uint16be(16) == 3 and
       uint16be(60) < 0xff00 and uint16be(62) < uint16be(60) and uint32be(40) == 0 and
       uint32be(44) + uint16be(60) * 64 <= filesize and
       for any s in (0..uint16be(60) - 1) : (
         uint32be(uint32be(44) + s * 64 + 4) == 11 and uint32be(uint32be(44) + s * 64 + 40) < uint16be(60) and
         for any str in (uint32be(44) + uint32be(uint32be(44) + s * 64 + 40) * 64) : (
           uint32be(str + 4) == 3 and
           not for any t in (s + 1..uint16be(60) - 1) : (
             uint32be(uint32be(44) + t * 64 + 4) == 11 and
             uint32be(uint32be(44) + t * 64 + 40) < uint16be(60) and
             uint32be(uint32be(44) + uint32be(uint32be(44) + t * 64 + 40) * 64 + 4) == 3) and
           (uint32be(uint32be(44) + s * 64 + 24) | uint32be(uint32be(44) + s * 64 + 32) |
            uint32be(str + 24) | uint32be(str + 32)) == 0 and
           uint32be(uint32be(44) + s * 64 + 28) + uint32be(uint32be(44) + s * 64 + 36) <= filesize and
           uint32be(str + 28) + uint32be(str + 36) <= filesize and
           uint32be(uint32be(44) + s * 64 + 36) \ 24 < 400 and
           uint32be(str + 36) > 0 and uint8(uint32be(str + 28)) == 0 and
           for any j in (0..uint32be(uint32be(44) + s * 64 + 36) \ 24 - 1) : (
             for any sym in (uint32be(uint32be(44) + s * 64 + 28) + j * 24) : (
               uint16be(sym + 6) != 0 and uint32be(sym) < 0x80000000 and
               uint32(uint32be(str + 28) + uint32be(sym)) == 0x64616572 and
               ((uint32(uint32be(str + 28) + uint32be(sym) + 4) == 0x00726964 and
                 uint32be(sym) + 8 <= uint32be(str + 36)) or
                (uint32(uint32be(str + 28) + uint32be(sym) + 4) == 0x36726964 and
                 uint16(uint32be(str + 28) + uint32be(sym) + 8) == 0x0034 and
                 uint32be(sym) + 10 <= uint32be(str + 36))))) and
           for any j in (0..uint32be(uint32be(44) + s * 64 + 36) \ 24 - 1) : (
             for any sym in (uint32be(uint32be(44) + s * 64 + 28) + j * 24) : (
               uint16be(sym + 6) == 0 and uint32be(sym) < 0x80000000 and
               uint32be(sym) + 6 <= uint32be(str + 36) and
               uint32(uint32be(str + 28) + uint32be(sym)) == 0x79736c64 and
               uint16(uint32be(str + 28) + uint32be(sym) + 4) == 0x006d))))) or
      // 32-bit big-endian
      (uint8(4) == 1 and uint8(5) == 2 and filesize > 52 and uint16be(16) == 3 and
       uint16be(48) < 0xff00 and uint16be(50) < uint16be(48) and uint32be(32) + uint16be(48) * 40 <= filesize and
       for any s in (0..uint16be(48) - 1) : (
         uint32be(uint32be(32) + s * 40 + 4) == 11 and uint32be(uint32be(32) + s * 40 + 24) < uint16be(48) and
         for any str in (uint32be(32) + uint32be(uint32be(32) + s * 40 + 24) * 40) : (
           uint32be(str + 4) == 3 and
           not for any t in (s + 1..uint16be(48) - 1) : (
             uint32be(uint32be(32) + t * 40 + 4) == 11 and
             uint32be(uint32be(32) + t * 40 + 24) < uint16be(48) and
             uint32be(uint32be(32) + uint32be(uint32be(32) + t * 40 + 24) * 40 + 4) == 3) and
           uint32be(uint32be(32) + s * 40 + 16) + uint32be(uint32be(32) + s * 40 + 20) <= filesize and
           uint32be(str + 16) + uint32be(str + 20) <= filesize and
           uint32be(uint32be(32) + s * 40 + 20) \ 16 < 400 and
           uint32be(str + 20) > 0 and uint8(uint32be(str + 16)) == 0 and
           for any j in (0..uint32be(uint32be(32) + s * 40 + 20) \ 16 - 1) : (
             for any sym in (uint32be(uint32be(32) + s * 40 + 16) + j * 16) : (
               uint16be(sym + 14) != 0 and uint32be(sym) < 0x80000000 and
               uint32(uint32be(str + 16) + uint32be(sym)) == 0x64616572 and
               ((uint32(uint32be(str + 16) + uint32be(sym) + 4) == 0x00726964 and
                 uint32be(sym) + 8 <= uint32be(str + 20)) or
                (uint32(uint32be(str + 16) + uint32be(sym) + 4) == 0x36726964 and
                 uint16(uint32be(str + 16) + uint32be(sym) + 8) == 0x0034 and
                 uint32be(sym) + 10 <= uint32be(str + 20))))) and
           for any j in (0..uint32be(uint32be(32) + s * 40 + 20) \ 16 - 1) : (
             for any sym in (uint32be(uint32be(32) + s * 40 + 16) + j * 16) : (
               uint16be(sym + 14) == 0 and uint32be(sym) < 0x80000000 and
               uint32be(sym) + 6 <= uint32be(str + 20) and
               uint32(uint32be(str + 16) + uint32be(sym)) == 0x79736c64 and
               uint16(uint32be(str + 16) + uint32be(sym) + 4) == 0x006d))))))
}

rule ld_preload_process_hider
{
  meta:
    description = "libprocesshider-style library filtering a process name out of /proc listings"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $filter = /proces[s]_to_filter/
    $dirname = /get[_]dir_name/
    $procname = /ge[t]_process_name/
    $stat = /\/pr[o]c\/%s\/stat/
  condition:
    uint32(0) == 0x464c457f and 3 of them
}

rule userland_rootkit_names
{
  meta:
    description = "Small preloadable library named after a public LD\x5fPRELOAD rootkit (Azazel, Jynx, BEURK, Vlany, bdvl)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1014"
  strings:
    $azazel = /azaze[l]/ nocase fullword
    $jynx = "jy\x6ex" ascii nocase fullword
    $jynx2 = "jy\x6ex2" ascii nocase fullword
    $beurk = "BE\x55RK" ascii fullword
    $vlany = "vl\x61ny" ascii nocase fullword
    $bdvl = "bd\x76l" ascii fullword
    $trait1 = /re[a]ddir/
    $trait2 = "ld.so\x2epreload" ascii
    $trait3 = "/proc\x2f" ascii
  condition:
    uint32(0) == 0x464c457f and filesize < 5MB and
    any of ($azazel, $jynx, $jynx2, $beurk, $vlany, $bdvl) and any of ($trait*) and
    // e_type == ET_DYN (3), with a complete header for its class
    ((uint8(4) == 1 and filesize > 52) or (uint8(4) == 2 and filesize > 64)) and
    ((uint8(5) == 1 and uint16(16) == 3) or (uint8(5) == 2 and uint16be(16) == 3))
}

rule lkm_diamorphine
{
  meta:
    description = "Diamorphine kernel rootkit (hooked getdents/kill, module hiding)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1547.006"
  strings:
    $vermagic = /verma[g]ic=/
    $name = /di[a]morphine/ nocase
    $h1 = "hacked\x5fgetdents" ascii
    $h2 = "hacked\x5fkill" ascii
    $h3 = /modul[e]_hide/
    $h4 = /modul[e]_show/
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
    $vermagic = /verma[g]ic=/
    $table = "sys_call\x5ftable" ascii
    $kallsyms = "kallsyms_lookup\x5fname" ascii
    $getdents = /ge[t]dents/
    $filldir = "fil\x6cdir" ascii
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
    $vermagic = /verma[g]ic=/
    $h1 = /hide[_]pid/
    $h2 = /unhid[e]_pid/
    $h3 = "hidden\x5fpids" ascii
    $h4 = /h[i]de_module/
    $h5 = /hide[_]file/
    $h6 = /hid[e]_tcp/
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
    $r1 = /reptil[e]_cmd/
    $r2 = /reptil[e]_shell/
    $r3 = "/reptile\x2f" ascii
    $r4 = /rept[i]le_start/
    $r5 = /rept[i]le_module/
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
    $auth = /p[a]m_sm_authenticate/
    $get = /[p]am_get_item/
    $tmp = /(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)\.?[A-Za-z0-9_.\-]{1,40}/
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
