/*
  Persistence and cleanup as written by intruders: download-and-run droppers, SSH keys appended
  to authorized_keys, cron and systemd entries running from world-writable directories, and
  shell history wiping.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule dropper_download_chmod_run
{
  meta:
    description = "Downloads a file into /tmp, /var/tmp or /dev/shm, makes it executable and runs it"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1105"
  strings:
    $fetch = /(wget|curl)\s[^\n]{0,200}(-O\s?|-o\s?|>\s?)(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)[^\s;|&]{1,64}/
    $chmod = /chmod\s+(\+x|[0-7]?[0-7][57][57])\s+(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/
  condition:
    uint32(0) != 0x464c457f and $fetch and $chmod
}

rule download_piped_to_shell
{
  meta:
    description = "Remote script piped straight into a shell from a bare IP address"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1105"
  strings:
    $pipe = /(curl|wget)\s[^\n|]{0,80}https?:\/\/[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(:[0-9]{1,5})?\/[^\n|]{0,120}\|\s*(sudo\s+)?(ba)?sh\b/
  condition:
    $pipe
}

rule ssh_key_appended_by_script
{
  meta:
    description = "Script appending an SSH public key to an authorized_keys file"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1098.004"
  strings:
    $append = /echo\s+['"]?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp[0-9]{3})\s+AAAA[A-Za-z0-9+\/=]{20,800}[^\n>]{0,100}>>\s*[^\s;]{0,64}authorized_keys/
  condition:
    uint32(0) != 0x464c457f and $append
}

rule cron_fetch_and_run
{
  meta:
    description = "Cron entry that downloads and runs code (periodic re-infection)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1053.003"
  strings:
    $schedule = /(\*|[0-9]{1,2}|\*\/[0-9]{1,2})\s+(\*|[0-9]{1,2})\s+\*\s+\*\s+\*\s+[^\n]{0,80}(curl|wget)\s[^\n]{1,200}\|\s*(ba)?sh/
    $crontab = /\(\s*crontab\s+-l[^)]{0,40};\s*echo\s[^)]{0,300}(curl|wget)[^)]{0,200}\)\s*\|\s*crontab\s+-/
  condition:
    any of them
}

rule systemd_unit_runs_from_tmp
{
  meta:
    description = "systemd unit whose ExecStart runs a program from a world-writable directory"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1543.002"
  strings:
    $unit = "[Ser\x76ice]" ascii
    $exec = /ExecStart(Pre|Post)?=[-@+!]{0,2}(\/bin\/(ba)?sh\s+-c\s+['"]?)?(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/
  condition:
    filesize < 64KB and $unit and $exec
}

rule shell_history_wiping
{
  meta:
    description = "Script disabling and wiping shell history (anti-forensics)"
    author = "ppc-collector"
    severity = "medium"
    mitre = "T1070.003"
  strings:
    $unset = /[u]nset H[I]STFILE/
    $null = /H[I]STFILE[=]\/dev\/null/
    $size = /HISTSIZE=0\b/
    $clear = "history \x2dc" ascii
    $rm = /(rm\s+-[rf]{1,2}|>|cat\s+\/dev\/null\s*>)\s*(~|\$HOME|\/root)\/\.bash_history/
  condition:
    uint32(0) != 0x464c457f and 3 of them
}
