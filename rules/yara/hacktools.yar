/*
  Public offensive tools found on compromised Linux hosts: credential dumpers, enumeration
  scripts, process snoopers, tunnels, implants and local privilege escalation exploits. Matched by
  project-specific strings (module paths, banners), not by generic capability.
*/

rule tool_mimipenguin
{
  meta:
    description = "mimipenguin: dumps login passwords from process memory"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1003.007"
  strings:
    $name = "mimipenguin" ascii nocase
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
    $name = "lazagne" ascii nocase
    $mod1 = "softwares.browsers" ascii
    $mod2 = "softwares.sysadmin" ascii
    $mod3 = "config.constant" ascii
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
    $a = "linpeas" ascii nocase
    $b = "PEASS-ng" ascii
    $c = "peass" ascii nocase
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
    $a = "LinEnum" ascii
    $b = "rebootuser.com" ascii
    $c = "Local Linux Enumeration & Privilege Escalation" ascii nocase
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
    $a = "linux-exploit-suggester" ascii nocase
    $b = "Linux Exploit Suggester" ascii nocase
    $c = "exploit-db.com" ascii
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
    $module = "dominicbreuker/pspy" ascii
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
    $module = "jpillora/chisel" ascii
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
    $ng = "nicocha30/ligolo-ng" ascii
    $v1 = "sysdream/ligolo" ascii
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
    $module = "fatedier/frp" ascii
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
    $gs = "gs-netcat" ascii
    $secret = "GSOCKET_" ascii
    $relay = "gsocket.io" ascii
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
    $module = "bishopfox/sliver" ascii
    $pb = "sliverpb" ascii
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
    $mettle = "mettle" ascii
    $mp1 = "meterpreter" ascii nocase
    $mp2 = "core_channel_open" ascii
    $mp3 = "stdapi_sys_process_execute" ascii
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
    $gconv = "GCONV_PATH=." ascii
    $pkexec = "pkexec" ascii
    $charset = "CHARSET=" ascii nocase
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
    $cdk = "cdk-team/CDK" ascii
    $deepce1 = "deepce" ascii
    $deepce2 = "Docker Enumeration, Escalation of Privileges and Container Escapes" ascii nocase
    $traitor = "liamg/traitor" ascii
  condition:
    $cdk or $traitor or ($deepce1 and $deepce2)
}

rule tool_dirty_pipe_exploit
{
  meta:
    description = "Dirty Pipe (CVE-2022-0847) exploit: splices data over a read-only file"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1068"
  strings:
    $name = "dirtypipe" ascii nocase
    $cve = "CVE-2022-0847" ascii nocase
    $splice = "splice" ascii
    $target1 = "/etc/passwd" ascii
    $target2 = "/usr/bin/su" ascii
  condition:
    ($name or $cve) and $splice and any of ($target*)
}
