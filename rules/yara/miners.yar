/*
  Cryptocurrency miners: pool URLs, XMRig configuration and command lines, well-known pools, and
  the scripts that install miners and kill competing ones.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule miner_stratum_url
{
  meta:
    description = "Mining pool address in stratum URL form"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $stratum = /str[a]tum(\+ssl|1|2)?(\+tcp|\+ssl|\+tls)[:]\/\/[A-Za-z0-9.\-]{3,80}/ nocase
  condition:
    $stratum
}

rule miner_xmrig_config
{
  meta:
    description = "XMRig JSON configuration (pools, donate level, RandomX settings)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $pools = /"poo[l]s"/
    $donate = "\"donate-level\"" ascii
    $randomx = "\"randomx\"" ascii
    $url = "\"url\"" ascii
    $cpu = "\"cpu\"" ascii
  condition:
    filesize < 1MB and $pools and $donate and $url and ($randomx or $cpu)
}

rule miner_xmrig_binary
{
  meta:
    description = "XMRig miner executable (or a rebuild keeping its option and donation strings)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $name = "xmrig" ascii nocase
    $donate_opt = "donate-level" ascii
    $donate_host = /donate[.]v2\.xmrig\.com/
    $rx = /r[a]ndomx/ nocase
    $cn = "cryptonight" ascii nocase
  condition:
    uint32(0) == 0x464c457f and $name and ($donate_opt or $donate_host) and ($rx or $cn)
}

rule miner_command_line
{
  meta:
    description = "Miner started with a pool, wallet and donate level on its command line"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $donate = /--donate-level[= ]?[0-9]/
    $pool = /(\s-o\s|--url[= ])\s*[A-Za-z0-9.+:\/\-]{4,120}:[0-9]{2,5}/
    $user = /(\s-u\s|--user[= ])/
  condition:
    $donate and $pool and $user
}

rule miner_known_pool_hosts
{
  meta:
    description = "Host names of public mining pools"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $p1 = /pool[.]minexmr\.com/ nocase
    $p2 = "supportxmr.com" ascii nocase
    $p3 = /xmrpoo[l]\.eu/ nocase
    $p4 = /monerooce[a]n\.stream/ nocase
    $p5 = /nanopoo[l]\.org/ nocase
    $p6 = "c3pool.com" ascii nocase
    $p7 = /hashvaul[t]\.pro/ nocase
    $p8 = /her[o]miners[.]com/ nocase
    $p9 = /minergate[.]com/ nocase
    $p10 = "unmineable.com" ascii nocase
    $p11 = "xmr.2miners.com" ascii nocase
    $p12 = /poo[l]\.hashvault\.pro/ nocase
    $p13 = "xmr-eu1.nanopool.org" ascii nocase
    $p14 = /monerohash[.]com/ nocase
  condition:
    any of them
}

rule miner_cpuminer
{
  meta:
    description = "cpuminer / minerd builds"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $multi = "cpuminer-multi" ascii nocase
    $opt = "cpuminer-opt" ascii nocase
    $minerd = "minerd" ascii
    $stratum = /strat[u]m\+tcp/ nocase
    $algo = "--algo" ascii
  condition:
    $multi or $opt or ($minerd and $stratum and $algo)
}

rule miner_competitor_killer
{
  meta:
    description = "Script killing other miners by name before installing its own"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $kill1 = "pkill" ascii
    $kill2 = "killall" ascii
    $kill3 = "kill -9" ascii
    $m1 = "kdevtmpfsi" ascii
    $m2 = "kinsing" ascii
    $m3 = "xmrig" ascii
    $m4 = "minerd" ascii
    $m5 = "cryptonight" ascii
    $m6 = "xmr-stak" ascii
    $m7 = "kthreaddi" ascii
    $m8 = "sysupdate" ascii
    $m9 = "networkservice" ascii
    $m10 = /st[r]atum/
  condition:
    filesize < 2MB and uint32(0) != 0x464c457f and any of ($kill*) and 4 of ($m*)
}

rule miner_kinsing_teamtnt_traits
{
  meta:
    description = "Names used by the Kinsing and TeamTNT cloud mining campaigns"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1496"
  strings:
    $kdev = "kdevtmpfsi" ascii
    $teamtnt = /Te[a]mTNT/ nocase
    $kinsing = "kinsing" ascii
    $fetch = /(curl|wget)\s/
  condition:
    $kdev or $teamtnt or ($kinsing and $fetch)
}

rule miner_monero_wallet_in_config
{
  meta:
    description = "Monero wallet address configured as a pool user"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $json = /"user"\s*:\s*"4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}/
    $cli = /(\s-u\s+|--user[= ])4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}/
  condition:
    any of them
}
