/*
  Cryptocurrency miners: pool URLs, the Monero miners' configuration and command lines, well-known
  pools, and the scripts that install miners and kill competing ones.

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
    description = "XMR\x69g JSON configuration (pools, donate level, Rand\x6fmX settings)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $pools = /"poo[l]s"/
    $donate = "\"donate\x2dlevel\"" ascii
    $rx_algo = "\"ran\x64omx\"" ascii
    $url = "\"u\x72l\"" ascii
    $cpu = "\"c\x70u\"" ascii
  condition:
    filesize < 1MB and $pools and $donate and $url and ($rx_algo or $cpu)
}

rule miner_xmrig_binary
{
  meta:
    description = "XMR\x69g miner executable (or a rebuild keeping its option and donation strings)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1496"
  strings:
    $name = /\bxm[r]ig/ nocase
    $donate_opt = "donate\x2dlevel" ascii
    $donate_host = /donate[.]v2\.xmri[g]\.com/
    $rx = /r[a]ndomx/ nocase
    $cn = "crypt\x6fnight" ascii nocase
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
    $donate = /--donate-leve[l][= ]?[0-9]/
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
    $p2 = "supportxmr\x2ecom" ascii nocase
    $p3 = /xmrpoo[l]\.eu/ nocase
    $p4 = /monerooce[a]n\.stream/ nocase
    $p5 = /nanopoo[l]\.org/ nocase
    $p6 = "c3pool\x2ecom" ascii nocase
    $p7 = /hashvaul[t]\.pro/ nocase
    $p8 = /her[o]miners[.]com/ nocase
    $p9 = /minergate[.]com/ nocase
    $p10 = "unmineable\x2ecom" ascii nocase
    $p11 = "xmr.2miners\x2ecom" ascii nocase
    $p12 = /poo[l]\.hashvault\.pro/ nocase
    $p13 = "xmr-eu1.nanopoo\x6c.org" ascii nocase
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
    $multi = "cpuminer\x2dmulti" ascii nocase
    $opt = "cpuminer\x2dopt" ascii nocase
    $minerd = "min\x65rd" ascii
    $stratum = /strat[u]m\+tcp/ nocase
    $algo = "-\x2dalgo" ascii
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
    $kill1 = "pk\x69ll" ascii
    $kill2 = "kil\x6call" ascii
    $kill3 = "kill \x2d9" ascii
    $m1 = "kdevt\x6dpfsi" ascii
    $m2 = "kin\x73ing" ascii
    $m3 = "xm\x72ig" ascii
    $m4 = "min\x65rd" ascii
    $m5 = "crypt\x6fnight" ascii
    $m6 = "xmr\x2dstak" ascii
    $m7 = "kthr\x65addi" ascii
    $m8 = "sysu\x70date" ascii
    $m9 = "network\x73ervice" ascii
    $m10 = /st[r]atum/
  condition:
    filesize < 2MB and uint32(0) != 0x464c457f and any of ($kill*) and 4 of ($m*)
}

rule miner_kinsing_teamtnt_traits
{
  meta:
    description = "Names used by the Kinsing and Te\x61mTNT cloud mining campaigns"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1496"
  strings:
    $kdev = "kdevt\x6dpfsi" ascii
    $crew = /\bTe[a]mTNT/ nocase
    $loader = /\bkin[s]ing/
    $fetch = /(curl|wget)\s/
  condition:
    $kdev or $crew or ($loader and $fetch)
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
