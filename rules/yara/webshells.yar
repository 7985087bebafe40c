/*
  Web shells on Linux web servers: PHP, JSP and ASPX pages that run code or commands taken
  from the HTTP request. Written for the ppc collector's triage; each rule needs request input
  flowing into an execution primitive, which ordinary applications do not do directly.
*/

rule php_eval_of_request_input
{
  meta:
    description = "PHP evaluates code taken straight from the request (one-line web shell)"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $direct = /(eval|assert|create_function)\s*\(\s*(@\s*)?\$_(POST|GET|REQUEST|COOKIE|SERVER)\s*\[/ nocase
    $decoded = /(eval|assert)\s*\(\s*(@\s*)?(base64_decode|str_rot13|gzinflate|gzuncompress|hex2bin|urldecode)\s*\(\s*(@\s*)?\$_(POST|GET|REQUEST|COOKIE)/ nocase
    $input = /eval\s*\(\s*file_get_contents\s*\(\s*['"]php:\/\/input['"]/ nocase
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
    $exec = /(system|shell_exec|passthru|popen|proc_open|pcntl_exec|exec)\s*\(\s*(@\s*)?(base64_decode\s*\(\s*)?\$_(POST|GET|REQUEST|COOKIE)\s*\[/ nocase
    $backtick = /`\s*\$_(POST|GET|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*`/
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
    $chain = /eval\s*\(\s*(gzinflate|gzuncompress|gzdecode|str_rot13|strrev)\s*\(\s*(gzinflate\s*\(\s*|str_rot13\s*\(\s*)?base64_decode\s*\(/ nocase
    $packed = /eval\s*\(\s*base64_decode\s*\(\s*['"][A-Za-z0-9+\/=]{200}/
  condition:
    filesize < 5MB and any of them
}

rule php_request_callable
{
  meta:
    description = "PHP calls a function whose name comes from the request ($_GET['f']($_POST['a']))"
    author = "ppc-collector"
    severity = "critical"
    mitre = "T1505.003"
  strings:
    $call = /\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]]{1,40}\]\s*\(\s*\$_(GET|POST|REQUEST|COOKIE)/
    $preg = /preg_replace\s*\(\s*['"][\/#~|][^'"]{0,80}[\/#~|][imsxu]{0,4}e[imsxu]{0,4}['"]\s*,\s*\$_(GET|POST|REQUEST|COOKIE)/
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
    $php = "<?" ascii
    $wso = "FilesMan" ascii
    $c99 = "c99shell" ascii nocase
    $r57 = "r57shell" ascii nocase
    $b374k = "b374k" ascii nocase
    $indo = "IndoXploit" ascii nocase
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
    $upload = "move_uploaded_file(" ascii nocase
    $files = "$_FILES[" ascii
    $cmd = /(system|shell_exec|passthru|popen|proc_open)\s*\(\s*\$_(POST|GET|REQUEST)/ nocase
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
    $tag = "<%" ascii
    $exec = "getRuntime().exec(" ascii
    $param = /request\.getParameter\s*\(/
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
    $tag = "<%" ascii
    $pb = "new ProcessBuilder" ascii
    $param = /request\.getParameter\s*\(/
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
    $tag = "<%" ascii
    $define = "defineClass" ascii
    $b64a = "BASE64Decoder" ascii
    $b64b = "Base64.getDecoder" ascii
    $in1 = "request.getReader()" ascii
    $in2 = "request.getParameter(" ascii
    $in3 = "request.getInputStream()" ascii
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
    $page = "<%@" ascii
    $start = "Process.Start" ascii
    $psi = "ProcessStartInfo" ascii
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
    $sock = "fsockopen(" ascii nocase
    $shell = /(exec|shell_exec|system|passthru|popen|proc_open)\s*\(\s*['"]\/bin\/(ba)?sh -i\s*<&\s*3/ nocase
  condition:
    filesize < 5MB and $sock and $shell
}
