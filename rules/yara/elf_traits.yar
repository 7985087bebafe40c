/*
  Suspicious traits of Linux executables: packing, stripped section tables, masquerading as
  kernel threads, hidden working directories, and the command sets of common IoT/IRC bots.
*/

import "elf"

rule elf_upx_packed
{
  meta:
    description = "ELF packed with UPX (common for miners and bots; rare in distribution packages)"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1027.002"
  strings:
    $magic = "UPX!" ascii
    $info = "$Info: This file is packed with the UPX" ascii
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
    uint32(0) == 0x464c457f and filesize > 4KB and
    (elf.type == elf.ET_EXEC or elf.type == elf.ET_DYN) and
    elf.number_of_sections == 0 and elf.number_of_segments > 0
}

rule elf_fake_kernel_thread_name
{
  meta:
    description = "User-space program carrying a bracketed kernel thread name to masquerade in ps"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1036.004"
  strings:
    $k1 = "[kworker/" ascii
    $k2 = "[kthreadd]" ascii
    $k3 = "[ksoftirqd/" ascii
    $k4 = "[migration/" ascii
    $k5 = "[watchdog/" ascii
    $k6 = "[kswapd0]" ascii
    $k7 = "[khugepaged]" ascii
    $vermagic = "vermagic=" ascii
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
    $hidden = /\/(tmp|var\/tmp|dev\/shm)\/\.[A-Za-z0-9_\-]/
    $x = "/tmp/.X" ascii
    $ice = "/tmp/.ICE-unix" ascii
    $font = "/tmp/.font-unix" ascii
    $test = "/tmp/.Test-unix" ascii
    $xim = "/tmp/.XIM-unix" ascii
    $run1 = "/bin/sh" ascii
    $run2 = "chmod " ascii
    $run3 = "nohup " ascii
    $run4 = "crontab" ascii
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
    $s1 = "/etc/rc.local" ascii
    $s2 = "chattr -i" ascii
    $s3 = "iptables -F" ascii
    $s4 = "HISTFILE" ascii
    $s5 = "/proc/self/exe" ascii
    $s6 = "crontab -" ascii
    $s7 = "/dev/shm/" ascii
    $s8 = "ulimit -n" ascii
    $s9 = "LD_PRELOAD" ascii
    $s10 = "/etc/ld.so.preload" ascii
    $s11 = "/bin/sh -c" ascii
    $s12 = "/etc/init.d/" ascii
    $s13 = "ssh-rsa " ascii
  condition:
    uint32(0) == 0x464c457f and elf.number_of_segments > 0 and
    not (for any i in (0..elf.number_of_segments - 1) : (
      elf.segments[i].type == elf.PT_DYNAMIC or elf.segments[i].type == elf.PT_INTERP)) and
    not (for any j in (0..elf.number_of_sections - 1) : (elf.sections[j].name == ".symtab")) and
    5 of them
}

rule elf_iot_ddos_bot
{
  meta:
    description = "IoT DDoS bot (Mirai family) attack and scanner strings"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1498"
  strings:
    $tsource = "TSource Engine Query" ascii
    $dvr = "dvrHelper" ascii
    $w1 = "/dev/watchdog" ascii
    $w2 = "/dev/misc/watchdog" ascii
    $bb = "/bin/busybox" ascii
    $ua = "Mozilla/5.0" ascii
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
    $irc1 = "PRIVMSG %s :" ascii
    $irc2 = "NOTICE %s :" ascii
    $irc3 = "JOIN %s" ascii
    $f1 = "UDPFLOOD" ascii nocase
    $f2 = "TCPFLOOD" ascii nocase
    $f3 = "HTTPFLOOD" ascii nocase
    $f4 = "SYNFLOOD" ascii nocase
    $f5 = "KILLATTK" ascii
    $f6 = "LOLNOGTFO" ascii
    $f7 = "STOPATTK" ascii
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
    $exe = "/proc/self/exe" ascii
    $h1 = "HISTFILE=/dev/null" ascii
    $h2 = "unset HISTFILE" ascii
    $h3 = "history -c" ascii
    $rm = /rm\s+-(rf|f)\s+\/(tmp|var\/tmp|dev\/shm)\//
  condition:
    uint32(0) == 0x464c457f and $exe and any of ($h*) and $rm
}
