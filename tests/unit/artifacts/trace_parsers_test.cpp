// Parsers of trace_parsers.hpp (packages, keys, auth logs, browsers) on text the tests write,
// including malformed and truncated input.
#include <gtest/gtest.h>

#include "../../../collector/src/artifacts/trace_parsers.hpp"

namespace collector::parsers {
namespace {

TEST(DpkgParsers, StatusStanzasAndConffiles) {
  auto pkgs = parse_dpkg_status(
      "Package: openssh-server\nStatus: install ok installed\nPriority: optional\n"
      "Architecture: amd64\nMulti-Arch: foreign\nVersion: 1:9.2p1-2\n"
      "Conffiles:\n /etc/ssh/moduli 4f1a0d3e5c2b1a09f8e7d6c5b4a39281 \n"
      " /etc/init/ssh.conf 11111111111111111111111111111111 obsolete\n"
      "Description: secure shell\n continued text\n\n"
      "\n\nStatus: orphan stanza without a package\n\n"
      "Package: libc6\nStatus: deinstall ok config-files\nArchitecture: amd64\n"
      "Multi-Arch: same\nVersion: 2.36\nbroken line without colon\n");
  ASSERT_EQ(pkgs.size(), 2u);
  EXPECT_EQ(pkgs[0].name, "openssh-server");
  EXPECT_EQ(pkgs[0].version, "1:9.2p1-2");
  EXPECT_EQ(pkgs[0].architecture, "amd64");
  EXPECT_EQ(pkgs[0].status, "install ok installed");
  ASSERT_EQ(pkgs[0].conffiles.size(), 2u);
  EXPECT_EQ(pkgs[0].conffiles[0].path, "/etc/ssh/moduli");
  EXPECT_EQ(pkgs[0].conffiles[0].md5, "4f1a0d3e5c2b1a09f8e7d6c5b4a39281");
  EXPECT_FALSE(pkgs[0].conffiles[0].obsolete);
  EXPECT_TRUE(pkgs[0].conffiles[1].obsolete);
  EXPECT_EQ(pkgs[1].multi_arch, "same");
  EXPECT_EQ(pkgs[1].status, "deinstall ok config-files");
  EXPECT_TRUE(parse_dpkg_status("").empty());
  EXPECT_TRUE(parse_dpkg_status(" leading continuation\n:\n").empty());
}

TEST(DpkgParsers, Md5sumsDiversionsAndLog) {
  auto sums = parse_md5sums(
      "d41d8cd98f00b204e9800998ecf8427e  usr/bin/with space\n"
      "D41D8CD98F00B204E9800998ECF8427E  /abs/path\n"
      "nothex8cd98f00b204e9800998ecf8427e  usr/x\nshort  usr/y\n"
      "d41d8cd98f00b204e9800998ecf8427e  \n");
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_EQ(sums[0].path, "/usr/bin/with space");
  EXPECT_EQ(sums[1].md5, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(sums[1].path, "/abs/path");

  auto div = parse_dpkg_diversions("/bin/sh\n/bin/sh.distrib\ndash\n/usr/bin/x\n/usr/bin/x.real\n");
  ASSERT_EQ(div.size(), 1u);  // the truncated second group is dropped
  EXPECT_EQ(div[0].diverted_to, "/bin/sh.distrib");
  EXPECT_EQ(div[0].package, "dash");

  auto log = parse_dpkg_log_installed(
      "2024-05-01 10:11:12 status installed openssh-server:amd64 1:9.2p1-2\n"
      "2024-05-01 10:11:13 status half-configured vim:amd64 2:9.0\n"
      "2024-06-02 08:00:00 status installed openssh-server:amd64 1:9.2p1-2+deb12u3\n"
      "garbage\n2024-06-02 status installed\n");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log["openssh-server"], "2024-06-02 08:00:00");
}

}  // namespace
}  // namespace collector::parsers

namespace collector::parsers {
namespace {

TEST(KeyParsers, PuttyAndBrokenContainers) {
  // A PuTTY v3 file around an ed25519 public blob (32 zero bytes of key).
  std::string blob = std::string("\0\0\0\x0bssh-ed25519\0\0\0\x20", 19) + std::string(32, '\0');
  auto d = describe_ssh_public_blob(blob);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->key_type, "ssh-ed25519");
  EXPECT_EQ(d->bits, 256);
  EXPECT_EQ(d->fingerprint.substr(0, 7), "SHA256:");
  auto k = parse_private_key(
      "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\nComment: admin@jump\n"
      "Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAAAAA\n"
      "Private-Lines: 1\nxxxx\n");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->format, "putty");
  EXPECT_EQ(k->key_type, "ssh-ed25519");
  EXPECT_TRUE(k->encrypted);
  EXPECT_EQ(k->cipher, "aes256-cbc");
  EXPECT_EQ(k->comment, "admin@jump");
  EXPECT_EQ(k->fingerprint, d->fingerprint);
  EXPECT_EQ(k->bits, 256);

  EXPECT_FALSE(parse_private_key("just text"));
  EXPECT_FALSE(parse_private_key(
      "-----BEGIN OPENSSH PRIVATE KEY-----\n!!!\n-----END OPENSSH PRIVATE KEY-----\n"));
  // The magic then a length running past the end: not a key, no crash.
  EXPECT_FALSE(
      parse_private_key("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA/////w==\n"
                        "-----END OPENSSH PRIVATE KEY-----\n"));
  EXPECT_FALSE(describe_ssh_public_blob(std::string("\0\0\0\x09ssh", 7)));
  // A PEM key OpenSSL cannot read is still reported as a key of unknown type.
  auto pem =
      parse_private_key("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
  ASSERT_TRUE(pem);
  EXPECT_EQ(pem->format, "pem-rsa");
  EXPECT_EQ(pem->key_type, "unknown");
}

}  // namespace
}  // namespace collector::parsers

namespace collector::parsers {
namespace {

TEST(AuthLogParser, SshSudoSuLoginAndYears) {
  auto ev = parse_auth_log(
      "Dec 31 23:59:58 web sshd[100]: Accepted publickey for root from 203.0.113.5 port 51234 "
      "ssh2: ED25519 SHA256:abc\n"
      "Jan  2 03:04:05 web sshd[101]: Failed password for invalid user admin from 198.51.100.7 "
      "port 4242 ssh2\n"
      "Jan  2 03:04:06 web sshd[101]: Invalid user oracle from 198.51.100.7 port 4243\n"
      "Jan  2 03:04:07 web sshd[102]: pam_unix(sshd:auth): authentication failure; rhost=x\n"
      "2025-01-02T10:00:00.123456+01:00 web sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; "
      "USER=root ; COMMAND=/bin/bash -c id\n"
      "Jan  2 10:00:01 web sudo:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; "
      "USER=root ; COMMAND=/usr/bin/cat /etc/shadow\n"
      "Jan  2 10:00:02 web su[300]: (to root) alice on pts/0\n"
      "Jan  2 10:00:03 web su[301]: FAILED SU (to root) bob on pts/1\n"
      "Jan  2 10:00:04 web su[302]: Successful su for postgres by root\n"
      "Jan  2 10:00:05 web login[400]: FAILED LOGIN (1) on '/dev/tty1' FOR 'root', "
      "Authentication failure\n"
      "garbage line\nJan 99 99:99:99 x sshd[1]: Accepted password for a from b port 1 ssh2\n"
      "Feb  2 10:00:05 web sshd[1]: Accepted password for\n",
      2025, 1);
  ASSERT_EQ(ev.size(), 10u);
  EXPECT_FALSE(ev[9].time);  // an impossible stamp: the event is kept, its time is unknown
  EXPECT_EQ(ev[9].user, "a");
  EXPECT_EQ(ev[0].time, 1735689598);  // Dec 31 belongs to 2024: the file was last written in Jan
  EXPECT_EQ(ev[0].logged_time, "Dec 31 23:59:58");
  EXPECT_EQ(ev[0].event, "ssh");
  EXPECT_EQ(ev[0].method, "publickey");
  EXPECT_EQ(ev[0].user, "root");
  EXPECT_EQ(ev[0].source_ip, "203.0.113.5");
  EXPECT_EQ(ev[0].port, 51234);
  EXPECT_EQ(ev[0].pid, 100);
  EXPECT_EQ(ev[0].host, "web");
  EXPECT_EQ(ev[0].result, "success");
  EXPECT_EQ(ev[1].user, "admin");
  EXPECT_EQ(ev[1].result, "failure");
  EXPECT_EQ(ev[1].method, "password");
  EXPECT_EQ(ev[1].time, 1735787045);
  EXPECT_EQ(ev[2].method, "invalid_user");
  EXPECT_EQ(ev[2].user, "oracle");
  EXPECT_EQ(ev[3].event, "sudo");
  EXPECT_EQ(ev[3].time, 1735808400);  // 10:00 at +01:00 is 09:00 UTC
  EXPECT_EQ(ev[3].user, "alice");
  EXPECT_EQ(ev[3].target_user, "root");
  EXPECT_EQ(ev[3].command, "/bin/bash -c id");
  EXPECT_FALSE(ev[3].pid);
  EXPECT_EQ(ev[4].result, "failure");
  EXPECT_EQ(ev[4].command, "3 incorrect password attempts: /usr/bin/cat /etc/shadow");
  EXPECT_EQ(ev[5].event, "su");
  EXPECT_EQ(ev[5].user, "alice");
  EXPECT_EQ(ev[5].target_user, "root");
  EXPECT_EQ(ev[6].result, "failure");
  EXPECT_EQ(ev[6].user, "bob");
  EXPECT_EQ(ev[7].user, "root");
  EXPECT_EQ(ev[7].target_user, "postgres");
  EXPECT_EQ(ev[8].event, "login");
  EXPECT_EQ(ev[8].user, "root");
  EXPECT_EQ(ev[8].result, "failure");
  EXPECT_TRUE(parse_auth_log("", 2025, 1).empty());
}

}  // namespace
}  // namespace collector::parsers
