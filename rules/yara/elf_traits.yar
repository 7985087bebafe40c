/*
  Suspicious traits of Linux executables: packing, stripped section tables, masquerading as
  kernel threads, hidden working directories, and the command sets of common IoT/IRC bots.

  No `import "elf"`: the elf module parses every symbol of every ELF file scanned, whether any
  condition needs it or not, which was a quarter of the whole set's scanning cost. The few
  header facts these rules need are read at fixed offsets instead, for both ELF classes and
  byte orders, with the same validity checks the module applies (see README.md, "Rule cost").

  ELF header offsets used below         32-bit   64-bit
    e_ident[EI_CLASS] (1=32, 2=64)           4        4
    e_ident[EI_DATA]  (1=LE, 2=BE)           5        5
    e_type (2=EXEC, 3=DYN)                  16       16
    e_phoff                                 28       32 (8 bytes)
    e_shoff                                 32       40 (8 bytes)
    e_phnum                                 44       56
    e_shnum                                 48       60
    e_shstrndx                              50       62
    program header size / p_type            32 / 0   56 / 0
    section header size / sh_name           40 / 0   64 / 0
    sh_type / sh_offset / sh_size / sh_link 4/16/20/24   4/24/32/40
    symbol size / st_name / st_shndx        16/0/14      24/0/6
  64-bit offsets and sizes are read as their low half with the high half required to be 0.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule elf_upx_packed
{
  meta:
    description = "ELF packed with UPX (common for miners and bots; rare in distribution packages)"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1027.002"
  strings:
    $magic = "UP\x58!" ascii
    $info = /[$]Info: This file is packed with the UPX/
  condition:
    uint32(0) == 0x464c457f and ($magic in (0..1024) or $info)
}

rule elf_without_section_table
{
  meta:
    description = "Executable ELF with its section header table removed (sstrip-ed or packed)"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1027"
  condition:
    uint32(0) == 0x464c457f and filesize > 4KB and (
      // little-endian: e_type EXEC or DYN, e_shnum == 0, e_phnum > 0
      (uint8(5) == 1 and (uint16(16) == 2 or uint16(16) == 3) and (
        (uint8(4) == 1 and uint16(48) == 0 and uint16(44) > 0) or
        (uint8(4) == 2 and uint16(60) == 0 and uint16(56) > 0))) or
      // big-endian
      (uint8(5) == 2 and (uint16be(16) == 2 or uint16be(16) == 3) and (
        (uint8(4) == 1 and uint16be(48) == 0 and uint16be(44) > 0) or
        (uint8(4) == 2 and uint16be(60) == 0 and uint16be(56) > 0))))
}

rule elf_fake_kernel_thread_name
{
  meta:
    description = "User-space program carrying a bracketed kernel thread name to masquerade in ps"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1036.004"
  strings:
    $k1 = "[kworker\x2f" ascii
    $k2 = "[kthr\x65add]" ascii
    $k3 = "[ksoftirqd\x2f" ascii
    $k4 = "[migration\x2f" ascii
    $k5 = "[watchdog\x2f" ascii
    $k6 = "[ksw\x61pd0]" ascii
    $k7 = "[khuge\x70aged]" ascii
    $vermagic = /verma[g]ic=/
  condition:
    uint32(0) == 0x464c457f and any of ($k*) and not $vermagic
}

rule elf_hidden_tmp_directory
{
  meta:
    description = "ELF running commands and referring to hidden names in /tmp, /var/tmp or /dev/shm"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1564.001"
  strings:
    $hidden = /(\/tmp\/\.|\/var\/tmp\/\.|\/dev\/shm\/\.)[A-Za-z0-9_\-]/
    $x = "/tmp/\x2eX" ascii
    $ice = "/tmp/\x2eICE-unix" ascii
    $font = "/tmp/\x2efont-unix" ascii
    $test = "/tmp/\x2eTest-unix" ascii
    $xim = "/tmp/\x2eXIM-unix" ascii
    $run1 = "/bin\x2fsh" ascii
    $run2 = "chmod\x20" ascii
    $run3 = "nohup\x20" ascii
    $run4 = /cr[o]ntab/
  condition:
    uint32(0) == 0x464c457f and #hidden > #x + #ice + #font + #test + #xim and any of ($run*)
}

rule elf_static_stripped_with_attack_strings
{
  meta:
    description = "Static, stripped ELF carrying several strings typical of Linux malware"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1027"
  strings:
    $s1 = "/etc/rc\x2elocal" ascii
    $s2 = "chattr \x2di" ascii
    $s3 = /[i]ptables -F/
    $s4 = /H[I]STFILE/
    $s5 = "/proc/self\x2fexe" ascii
    $s6 = /cro[n]tab -/
    $s7 = "/dev/shm\x2f" ascii
    $s8 = /[u]limit -n/
    $s9 = /LD[_]PRELOAD/
    $s10 = "/etc/ld\x2eso.preload" ascii
    $s11 = "/bin/sh\x20-c" ascii
    $s12 = /\/etc\/ini[t]\.d\//
    $s13 = /s[s]h-rsa /
  condition:
    // Strings first: the header walk below only runs on the rare ELF that has five of them.
    // Static: program headers exist, none is PT_DYNAMIC (2) or PT_INTERP (3).
    // Stripped: no section is named ".symtab" (0x6d79732e 0x00626174 = ".symtab\0").
    uint32(0) == 0x464c457f and 5 of them and (
      // 64-bit little-endian
      (uint8(4) == 2 and uint8(5) == 1 and filesize > 64 and uint16(56) > 0 and
       not (uint16(56) < 0xffff and uint32(36) == 0 and uint32(32) + uint16(56) * 56 <= filesize and
            for any i in (0..uint16(56) - 1) : (
              uint32(uint32(32) + i * 56) == 2 or uint32(uint32(32) + i * 56) == 3)) and
       not (uint16(60) < 0xff00 and uint16(62) < uint16(60) and uint32(44) == 0 and
            uint32(40) + uint16(60) * 64 <= filesize and
            uint32(uint32(40) + uint16(62) * 64 + 28) == 0 and
            for any names in (uint32(uint32(40) + uint16(62) * 64 + 24)) : (
              names > 0 and uint8(names) == 0 and
              for any j in (0..uint16(60) - 1) : (
                uint32(names + uint32(uint32(40) + j * 64)) == 0x6d79732e and
                uint32(names + uint32(uint32(40) + j * 64) + 4) == 0x00626174)))) or
      // 32-bit little-endian
      (uint8(4) == 1 and uint8(5) == 1 and filesize > 52 and uint16(44) > 0 and
       not (uint16(44) < 0xffff and uint32(28) + uint16(44) * 32 <= filesize and
            for any i in (0..uint16(44) - 1) : (
              uint32(uint32(28) + i * 32) == 2 or uint32(uint32(28) + i * 32) == 3)) and
       not (uint16(48) < 0xff00 and uint16(50) < uint16(48) and
            uint32(32) + uint16(48) * 40 <= filesize and
            for any names in (uint32(uint32(32) + uint16(50) * 40 + 16)) : (
              names > 0 and uint8(names) == 0 and
              for any j in (0..uint16(48) - 1) : (
                uint32(names + uint32(uint32(32) + j * 40)) == 0x6d79732e and
                uint32(names + uint32(uint32(32) + j * 40) + 4) == 0x00626174)))) or
      // 64-bit big-endian (the name bytes are compared as they lie in the file)
      (uint8(4) == 2 and uint8(5) == 2 and filesize > 64 and uint16be(56) > 0 and
       not (uint16be(56) < 0xffff and uint32be(32) == 0 and
            uint32be(36) + uint16be(56) * 56 <= filesize and
            for any i in (0..uint16be(56) - 1) : (
              uint32be(uint32be(36) + i * 56) == 2 or uint32be(uint32be(36) + i * 56) == 3)) and
       not (uint16be(60) < 0xff00 and uint16be(62) < uint16be(60) and uint32be(40) == 0 and
            uint32be(44) + uint16be(60) * 64 <= filesize and
            uint32be(uint32be(44) + uint16be(62) * 64 + 24) == 0 and
            for any names in (uint32be(uint32be(44) + uint16be(62) * 64 + 28)) : (
              names > 0 and uint8(names) == 0 and
              for any j in (0..uint16be(60) - 1) : (
                uint32(names + uint32be(uint32be(44) + j * 64)) == 0x6d79732e and
                uint32(names + uint32be(uint32be(44) + j * 64) + 4) == 0x00626174)))) or
      // 32-bit big-endian
      (uint8(4) == 1 and uint8(5) == 2 and filesize > 52 and uint16be(44) > 0 and
       not (uint16be(44) < 0xffff and uint32be(28) + uint16be(44) * 32 <= filesize and
            for any i in (0..uint16be(44) - 1) : (
              uint32be(uint32be(28) + i * 32) == 2 or uint32be(uint32be(28) + i * 32) == 3)) and
       not (uint16be(48) < 0xff00 and uint16be(50) < uint16be(48) and
            uint32be(32) + uint16be(48) * 40 <= filesize and
            for any names in (uint32be(uint32be(32) + uint16be(50) * 40 + 16)) : (
              names > 0 and uint8(names) == 0 and
              for any j in (0..uint16be(48) - 1) : (
                uint32(names + uint32be(uint32be(32) + j * 40)) == 0x6d79732e and
                uint32(names + uint32be(uint32be(32) + j * 40) + 4) == 0x00626174)))))
}

rule elf_iot_ddos_bot
{
  meta:
    description = "IoT DDoS bot (Mirai family) attack and scanner strings"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1498"
  strings:
    $tsource = /[T]Source Engine Query/
    $dvr = "dvrH\x65lper" ascii
    $w1 = "/dev\x2fwatchdog" ascii
    $w2 = "/dev/misc\x2fwatchdog" ascii
    $bb = "/bin\x2fbusybox" ascii
    $ua = "Mozilla/5\x2e0" ascii
  condition:
    uint32(0) == 0x464c457f and ($tsource or $dvr) and ($w1 or $w2 or $bb or $ua)
}

rule elf_irc_flood_bot
{
  meta:
    description = "IRC-controlled flooding bot (Tsunami/Kaiten, Gafgyt style)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1498"
  strings:
    $irc1 = "PRIVMSG %s\x20:" ascii
    $irc2 = "NOTICE %s\x20:" ascii
    $irc3 = "JOIN\x20%s" ascii
    $f1 = /U[D]PFLOOD/ nocase
    $f2 = /[T]CPFLOOD/ nocase
    $f3 = /HT[T]PFLOOD/ nocase
    $f4 = /[S]YNFLOOD/ nocase
    $f5 = "KILL\x41TTK" ascii
    $f6 = /LO[L]NOGTFO/
    $f7 = "STOP\x41TTK" ascii
  condition:
    uint32(0) == 0x464c457f and any of ($irc*) and 2 of ($f*)
}

rule elf_self_deleting_daemon
{
  meta:
    description = "ELF that deletes its own file and clears shell history while daemonising"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1070.004"
  strings:
    $exe = "/proc/self\x2fexe" ascii
    $h1 = /H[I]STFILE[=]\/dev\/null/
    $h2 = /[u]nset H[I]STFILE/
    $h3 = "history \x2dc" ascii
    $rm = /rm\s+-(rf|f)\s+(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/
  condition:
    uint32(0) == 0x464c457f and $exe and any of ($h*) and $rm
}
