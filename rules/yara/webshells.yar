/*
  Web shells on Linux web servers: PHP, JSP and ASPX pages that run code or commands taken
  from the HTTP request. Written for the ppc collector's triage; each rule needs request input
  flowing into an execution primitive, which ordinary applications do not do directly.

  Written to be cheap to scan (README.md, "Rule cost"): a one-character class such as [e] in a
  regex is just that character. It stops YARA from taking its 4-byte atom across that point,
  so the atom starts at a byte that is rare in ordinary files; keep such classes when editing.
*/

rule php_eval_of_request_input
{
  meta:
    description = "PHP evaluates code taken straight from the request (one-line web shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $direct = /(e[v]al|assert|create_function)\s*\(\s*(@\s*)?\$(_POST|_GET|_REQUEST|_COOKIE|_SERVER)\s*\[/ nocase
    $decoded = /(e[v]al|assert)\s*\(\s*(@\s*)?(base64_decode|str_rot13|gzinflate|gzuncompress|hex[2]bin|urldecode)\s*\(\s*(@\s*)?\$(_POST|_GET|_REQUEST|_COOKIE)/ nocase
    $input = /eval\s*\(\s*fil[e]_get_contents\s*\(\s*['"]php[:]\/\/input['"]/ nocase
  condition:
    filesize < 5MB and any of them
}

rule php_command_from_request_input
{
  meta:
    description = "PHP passes request input to a shell command function"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $exec = /(system|shell_exec|passthru|popen|proc_open|pcntl_exec|exec)\s*\(\s*(@\s*)?(base64_decode\s*\(\s*)?\$(_POST|_GET|_REQUEST|_COOKIE)\s*\[/ nocase
    $backtick = /`\s*\$(_POST|_GET|_REQUEST|_COOKIE)\s*\[[^\]]{1,40}\]\s*`/
  condition:
    filesize < 5MB and any of them
}

rule php_obfuscated_eval_chain
{
  meta:
    description = "PHP evaluates a compressed or encoded blob (packed web shell)"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1027"
  strings:
    $chain = /eval\s*\(\s*(gzinflate|gzuncompress|gzdecode|str_rot13|strrev)\s*\(\s*(gzinflate\s*\(\s*|str_rot13\s*\(\s*)?bas[e]6[4]_decode\s*\(/ nocase
    $packed = /eval\s*\(\s*bas[e]6[4]_decode\s*\(\s*['"][A-Za-z0-9+\/=]{200}/
  condition:
    filesize < 5MB and any of them
}

rule php_request_callable
{
  meta:
    description = "PHP calls a function whose name comes from the request ($_GET['f'](\x24_POST['a']))"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $call = /\$(_GET|_POST|_REQUEST|_COOKIE)\s*\[[^\]]{1,40}\]\s*\(\s*\$(_GET|_POST|_REQUEST|_COOKIE)/
    $preg = /pre[g]_replace\s*\(\s*['"][\/#~|][^'"]{0,80}[\/#~|][imsxu]{0,4}e[imsxu]{0,4}['"]\s*,\s*\$(_GET|_POST|_REQUEST|_COOKIE)/
  condition:
    filesize < 5MB and any of them
}

rule php_known_webshell_kits
{
  meta:
    description = "Markers of widespread PHP web shell kits (WSO, c99, r57, b374k, IndoXploit)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $php = "<\x3f" ascii
    $wso = /F[i]lesMan/
    $c99 = "c99s\x68ell" ascii nocase
    $r57 = /r[5]7shell/ nocase
    $b374k = "b3\x374k" ascii nocase
    $indo = /[I]ndoXploit/ nocase
  condition:
    filesize < 5MB and $php and any of ($wso, $c99, $r57, $b374k, $indo)
}

rule php_upload_then_execute
{
  meta:
    description = "PHP page that stores an uploaded file and runs shell commands from the request"
    author = "ppc-collector"
    severity = "high"
    mitre = "T1505.003"
  strings:
    $upload = /mov[e]_uploaded_file\(/ nocase
    $files = /[$]_FILES\[/
    $cmd = /(system|shell_exec|passthru|popen|proc_open)\s*\(\s*\$(_POST|_GET|_REQUEST)/ nocase
  condition:
    filesize < 2MB and all of them
}

rule jsp_runtime_exec_request
{
  meta:
    description = "JSP runs a command from a request parameter through Runtime.exec"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $tag = "<\x25" ascii
    $exec = /getRuntim[e]\(\)\.exec\(/
    $param = /reques[t]\.getParameter\s*\(/
  condition:
    filesize < 2MB and $tag and $exec and $param
}

rule jsp_processbuilder_request
{
  meta:
    description = "JSP builds a process from request parameters (ProcessBuilder web shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $tag = "<\x25" ascii
    $pb = "new\x20ProcessBuilder" ascii
    $param = /reques[t]\.getParameter\s*\(/
    $shell = /["']\/bin\/(ba)?sh["']|["']cmd\.exe["']/
  condition:
    filesize < 2MB and $tag and $pb and $param and $shell
}

rule jsp_class_loader_shell
{
  meta:
    description = "JSP defines a class from base64 request data (Behinder/Godzilla-style loader)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $tag = "<\x25" ascii
    $define = "defin\x65Class" ascii
    $b64a = "BASE64\x44ecoder" ascii
    $b64b = /Base6[4]\.getDecoder/
    $in1 = /request[.]getReader\([)]/
    $in2 = /reques[t]\.getParameter\(/
    $in3 = "request.getInputStream\x28)" ascii
  condition:
    filesize < 2MB and $tag and $define and any of ($b64*) and any of ($in*)
}

rule aspx_process_from_request
{
  meta:
    description = "ASP.NET page starts a process with request input (Mono-hosted web shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $page = "<\x25@" ascii
    $start = /Proces[s]\.Start/
    $psi = "ProcessS\x74artInfo" ascii
    $form = /Request(\.Form|\.QueryString|\.Params)?\s*\[/
  condition:
    filesize < 2MB and $page and ($start or $psi) and $form
}

rule php_fsockopen_shell_relay
{
  meta:
    description = "PHP opens a socket and binds a shell's standard streams to it"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1059.004"
  strings:
    $sock = "fsockopen\x28" ascii nocase
    $shell = /(exec|shell_exec|system|passthru|popen|proc_open)\s*\(\s*['"]\/bin\/(ba)?sh -i\s*<&\s*3/ nocase
  condition:
    filesize < 5MB and $sock and $shell
}
