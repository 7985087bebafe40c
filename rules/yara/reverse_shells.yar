/*
  Reverse and bind shells as they appear in scripts, shell histories, cron entries, unit files
  and process memory: an interpreter's standard streams wired to a network connection.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule bash_dev_tcp_reverse_shell
{
  meta:
    description = "Shell redirected to a /dev/tcp or /dev/udp connection (bash reverse shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $interactive = /sh\s+-i\s*[0-9]?\s*[><]&\s*\/dev\/(tcp|udp)\/[A-Za-z0-9.:\-]{1,64}\/[0-9]{1,5}/
    $exec_fd = /exec\s+[0-9]{1,3}\s*<>\s*\/dev\/(tcp|udp)\/[A-Za-z0-9.:\-]{1,64}\/[0-9]{1,5}/
    $stdin = /\/dev\/(tcp|udp)\/[A-Za-z0-9.:\-]{1,64}\/[0-9]{1,5}\s+0\s*>&\s*1/
  condition:
    any of them
}

rule netcat_exec_shell
{
  meta:
    description = "netcat or ncat started with a shell as the program to run (-e/--exec/--sh-exec)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $e1 = /\bn(c|cat|etcat)(\.traditional|\.openbsd)?\s+(-[a-zA-Z]{1,4}\s+)*-[a-z]{0,3}[ec]\s+\/bin\/(ba|z|da)?sh\b/
    $e2 = /\bn(c|cat|etcat)(\.traditional)?\s+[A-Za-z0-9.\-]{1,64}\s+[0-9]{1,5}\s+-[a-z]{0,3}e\s+\/bin\/(ba|z|da)?sh\b/
    $e3 = /\bncat\s[^\n]{0,100}--(sh-)?exec[ =]['"]?\/bin\/(ba|z|da)?sh/
  condition:
    any of them
}

rule fifo_netcat_shell
{
  meta:
    description = "Named pipe looped through a shell and netcat (mkfifo reverse shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $fifo = /mkfifo\s+(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)[^\s;|]{1,32}/
    $loop = /\|\s*(\/bin\/)?(ba|z|da)?sh\s+-i\s+[2]>&1\s*\|\s*n(c|cat|etcat)\s/
    $mknod = /mknod\s+(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)[^\s;|]{1,32}\s+p\b/
  condition:
    ($fifo or $mknod) and $loop
}

rule python_reverse_shell
{
  meta:
    description = "Python connects a socket and duplicates it onto a shell's standard streams"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.006"
  strings:
    $socket = "socket.socket\x28" ascii
    $connect = ".connect(\x28" ascii
    $dup = /o[s]\.dup2\s*\(\s*[a-z_]{1,20}\.filen[o]\(\)\s*,\s*[0-2]\s*\)/
    $spawn = /pt[y]\.spawn\s*\(\s*['"](\/bin\/)?(ba|z|da)?sh['"]/
    $call = /subproces[s]\.call\s*\(\s*\[\s*['"]\/bin\/(ba|z|da)?sh['"]\s*,\s*['"]-i['"]/
  condition:
    filesize < 5MB and $socket and $connect and $dup and ($spawn or $call)
}

rule python_pty_shell_upgrade
{
  meta:
    description = "python -c 'import pty; pty.spawn(...)': an attacker upgrading a raw shell to a TTY"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1059.006"
  strings:
    $oneliner = /python[0-9.]{0,4}\s+-c\s+['"]import\s+pty\s*;\s*pt[y]\.spawn\s*\(\s*['"]\/bin\/(ba|z|da)?sh/
  condition:
    $oneliner
}

rule perl_socket_reverse_shell
{
  meta:
    description = "Perl one-liner connecting a socket and execing a shell on it"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059"
  strings:
    $use = "use\x20Socket" ascii
    $proto = "getprotobyname\x28" ascii
    $dup = /op[e]n\s*\(\s*(STDIN|STDOUT|STDERR)\s*,\s*['"]>&S['"]\s*\)/
    $exec = /ex[e]c\s*\(?\s*['"](\/bin\/)?(ba|z|da)?[s]h -i['"]/
  condition:
    filesize < 5MB and $use and $proto and $dup and $exec
}

rule socat_exec_shell
{
  meta:
    description = "socat connecting a network address to an executed shell"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $exec = /so[c]at\s[^\n]{0,120}([e]xec|[s]yste[m]):['"]?(\/bin\/)?(ba|z|da)?sh\b/ nocase
    $tty = "pty,stderr,setsid\x2csigint,sane" ascii nocase
  condition:
    any of them
}

rule ruby_reverse_shell
{
  meta:
    description = "Ruby opens a TCPSocket and execs a shell on its descriptor"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059"
  strings:
    $socket = /TCPSocket\.(open|new)\s*\(/
    $exec = /exec\s+sprintf\s*\(\s*['"](\/bin\/)?(ba)?sh -i <&%d/
    $spawn = /[s]pawn\s*\(\s*['"](\/bin\/)?(ba)?sh['"]\s*,\s*\[?\s*:in\s*=>/
  condition:
    $socket and ($exec or $spawn)
}

rule awk_inet_reverse_shell
{
  meta:
    description = "gawk /inet/tcp special file used as a remote shell channel"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $inet = /\/inet\/tcp\/0\/[A-Za-z0-9.\-]{1,64}\/[0-9]{1,5}/
    $coproc = "|\x26" ascii
    $getline = /ge[t]line/
  condition:
    all of them
}

rule telnet_pipe_shell
{
  meta:
    description = "Shell sandwiched between two telnet connections (telnet reverse shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $pipe = /t[e]lnet\s+[A-Za-z0-9.\-]{1,64}\s+[0-9]{1,5}\s*\|\s*(\/bin\/)?(ba|z|da)?sh\s*\|\s*telnet\s/
  condition:
    $pipe
}

rule node_reverse_shell
{
  meta:
    description = "Node.js connects a net.Socket and pipes it through a spawned shell"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.007"
  strings:
    $cp = /ch[i]ld_process/
    $net = /new\s+net\.Socket\s*\(/
    $spawn = /[s]pawn\s*\(\s*['"](\/bin\/)?(ba|z|da)?sh['"]/
    $pipe = /\.stdout\.pipe\s*\(\s*[a-z_]{1,20}\s*\)/
  condition:
    filesize < 5MB and all of them
}

rule php_cli_reverse_shell
{
  meta:
    description = "php -r one-liner that connects out and execs a shell on descriptor 3"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $oneliner = /php\s+-r\s+['"]\s*\$[a-z_]{1,20}\s*=\s*fsockopen\s*\(/
    $exec = /(exec|shell_exec|system|passthru|popen)\s*\(\s*['"]\/bin\/(ba)?sh -i\s*<&3/
  condition:
    $oneliner and $exec
}

rule lua_reverse_shell
{
  meta:
    description = "Lua connects a socket and runs received lines through a shell"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059"
  strings:
    $require = /r[e]quire\s*\(?\s*['"]socket['"]/
    $connect = /socket\.(tcp|connect)\s*\(/
    $exec = /(o[s]\.execute|i[o]\.popen)\s*\(\s*['"](\/bin\/)?(ba)?sh -i/
  condition:
    filesize < 1MB and all of them
}
