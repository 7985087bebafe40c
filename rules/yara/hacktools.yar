/*
  Public offensive tools found on compromised Linux hosts: credential dumpers, enumeration
  scripts, process snoopers, tunnels, implants and local privilege escalation exploits. Matched by
  project-specific strings (module paths, banners), not by generic capability.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule tool_mimipenguin
{
  meta:
    description = "mimip\x65nguin: dumps login passwords from process memory"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1003.007"
  strings:
    $name = /\bmimip[e]nguin/ nocase
  condition:
    $name
}

rule tool_lazagne
{
  meta:
    description = "LaZagne credential recovery tool"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1555"
  strings:
    $name = "laz\x61gne" ascii nocase
    $mod1 = /software[s]\.browsers/
    $mod2 = /s[o]ftwa[r]es\.sysadmin/
    $mod3 = "config\x2econstant" ascii
  condition:
    $name and any of ($mod*)
}

rule tool_linpeas
{
  meta:
    description = "linPEAS privilege escalation enumeration script"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1082"
  strings:
    $a = /l[i]npeas/ nocase
    $b = "PEASS\x2dng" ascii
    $c = "pe\x61ss" ascii nocase
  condition:
    ($a and ($b or #c > 3))
}

rule tool_linenum
{
  meta:
    description = "LinEnum local enumeration script"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1082"
  strings:
    $a = /L[i]nEnu[m]/
    $b = /r[e]bootu[s]er[.]com/
    $c = /L[o]cal L[i]nux En[u]meration & Privilege Escalation/ nocase
  condition:
    2 of them
}

rule tool_linux_exploit_suggester
{
  meta:
    description = "linux-exploit-suggester (lists kernel exploits that fit the host)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1068"
  strings:
    $a = "linux-exploit\x2dsuggester" ascii nocase
    $b = /L[i]nux E[x]ploit Suggester/ nocase
    $c = "exploit-db\x2ecom" ascii
  condition:
    ($a or $b) and $c
}

rule tool_pspy
{
  meta:
    description = "pspy: watches other users' processes without root"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1057"
  strings:
    $module = "dominicbreuker\x2fpspy" ascii
  condition:
    $module
}

rule tool_chisel_tunnel
{
  meta:
    description = "chisel TCP/UDP tunnel over HTTP"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1572"
  strings:
    $module = /jpillora[\/]chisel/
  condition:
    $module
}

rule tool_ligolo_tunnel
{
  meta:
    description = "ligolo / ligolo-ng reverse tunnelling agent"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1572"
  strings:
    $ng = "nicocha30/ligolo\x2dng" ascii
    $v1 = /sysdream[\/]ligolo/
  condition:
    any of them
}

rule tool_frp_proxy
{
  meta:
    description = "frp fast reverse proxy (frpc/frps), used to expose internal hosts"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1090"
  strings:
    $module = /fatedier[\/]frp/
  condition:
    $module
}

rule tool_gsocket
{
  meta:
    description = "Global Socket (gs-netcat): relay-based remote shell through firewalls"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1572"
  strings:
    $gs = /g[s]-netcat/
    $secret = "GSOCKET\x5f" ascii
    $relay = "gsocket\x2eio" ascii
  condition:
    2 of them
}

rule tool_sliver_implant
{
  meta:
    description = "Sliver C2 implant (Go module path of the framework)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1071"
  strings:
    $module = "bishopfox\x2fsliver" ascii
    $pb = /sl[i]verpb/
  condition:
    any of them
}

rule tool_meterpreter_mettle
{
  meta:
    description = "Metasploit Linux Meterpreter (mettle) payload"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1071"
  strings:
    $mettle = "met\x74le" ascii
    $mp1 = /me[t]erpreter/ nocase
    $mp2 = /core[_]channel_open/
    $mp3 = "stdapi_sys\x5fprocess_execute" ascii
  condition:
    uint32(0) == 0x464c457f and ($mettle or $mp1) and ($mp2 or $mp3)
}

rule tool_pwnkit_exploit
{
  meta:
    description = "PwnKit (CVE-2021-4034) pkexec exploit: GCONV_PATH abuse"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1068"
  strings:
    $gconv = /GCO[N]V_PA[T]H=\./
    $pkexec = "pke\x78ec" ascii
    $charset = /CHAR[S]ET=/ nocase
  condition:
    all of them
}

rule tool_container_escape_kits
{
  meta:
    description = "Container escape and cloud-native attack kits (CDK, deepce, traitor)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1611"
  strings:
    $cdk = "cdk-team\x2fCDK" ascii
    $deepce1 = "dee\x70ce" ascii
    $deepce2 = /D[o]cker Enumerat[i]on, Escalation of Privileges and Container Escapes/ nocase
    $traitor = "liamg\x2ftraitor" ascii
  condition:
    $cdk or $traitor or ($deepce1 and $deepce2)
}

rule tool_dirty_pipe_exploit
{
  meta:
    description = "Dirty Pipe (CVE-2022\x2d0847) exploit: spl\x69ces data over a read-only file"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1068"
  strings:
    $name = /dir[t]ypipe/ nocase
    $cve = /CVE-202[2]-0847/ nocase
    $syscall = /[s]plice/
    $target1 = "/etc\x2fpasswd" ascii
    $target2 = /\/us[r]\/bin\/su/
  condition:
    ($name or $cve) and $syscall and any of ($target*)
}
