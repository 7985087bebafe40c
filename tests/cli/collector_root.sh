#!/usr/bin/env bash
# --root on a fake Linux tree with the full profile: the tables hold the tree's accounts, cron
# jobs, units and keys; live-only artifacts are skipped; the asset identity is the tree's; and
# the tree is left exactly as it was (contents, metadata and the atime of every file read).
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

root=$TEST_TMP/asset/root
make_fake_root "$root"
tree_state "$TEST_TMP/asset" >state.before
find "$root" >paths
age_atimes paths
atimes paths >atimes.before
mkdir tmpdir work

# Run from an empty directory with an empty TMPDIR: neither may receive anything.
expect_exit 0 bash -c 'cd "$1" && TMPDIR="$2" timeout 120 "$3" --profile full --root "$4" --no-encrypt \
  --case-dir "$5" </dev/null' _ "$TEST_TMP/work" "$TEST_TMP/tmpdir" "$COLLECTOR" "$root" "$TEST_TMP/cases"
atimes paths >atimes.after
tree_state "$TEST_TMP/asset" >state.after
diff atimes.before atimes.after || fail "reading the tree changed access times"
diff state.before state.after || fail "the run changed the tree"
eq "$(find tmpdir work -mindepth 1)" "" "files in TMPDIR and the working directory"
ok "--root: nothing written or changed in the tree, no atime moved, nothing in TMPDIR or the cwd"

pkg=$(only_pkg cases)
[[ $(basename "$pkg") == adhoc_fakehost_*.ppc ]] || fail "package name $(basename "$pkg")"
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "the package does not verify"
unpack "$pkg" x
db=x/case.db
c=x/custody.json

# --- identity -------------------------------------------------------------------------------------
eq "$(jq -r .asset.hostname $c)" fakehost "asset hostname"
eq "$(jq -r .asset.os $c)" "Fake Linux 1.0" "asset os"
eq "$(jq -r '.asset.ip_addresses | length' $c)" 0 "live IP addresses reported for an image"
eq "$(jq -r .profile.name $c)" full "profile"
eq "$(sql $db "select hostname, os_id from system_info")" "fakehost|fakelinux" "system_info row"
ok "asset identity comes from the tree: hostname fakehost, Fake Linux 1.0"

# --- live-only artifacts skipped, the others run ---------------------------------------------------
# The live-only artifacts the profile selects (custody.json lists the selection).
live=$(comm -12 <(awk '/^- name:/{n=$3} /^  live_only: true/{print n}' "$PPC_SOURCE_DIR"/rules/artifacts/*.yaml | sort) \
  <(jq -r '.profile.artifacts[]' $c | sort))
skipped=$(jq -r 'select(.event=="artifact_skipped") | .artifact' x/collection.log | sort)
eq "$skipped" "$live" "artifacts skipped with --root"
all=$(jq -r '.profile.artifacts[]' $c | sort)
done_=$(jq -r 'select(.event=="artifact_done") | .artifact' x/collection.log | sort)
eq "$done_" "$(comm -23 <(echo "$all") <(echo "$live"))" "artifacts run with --root"
eq "$(jq -r .counts.source_errors $c)" 0 "source errors"
ok "the $(wc -l <<<"$live") live-only artifacts are skipped, the other $(wc -l <<<"$done_") run"

# --- the tables -------------------------------------------------------------------------------------
eq "$(sql $db "select name||':'||uid||':'||gid||':'||home||':'||shell from users order by line" | tr '\n' ' ')" \
  "root:0:0:/root:/bin/bash alice:1000:1000:/home/alice:/bin/bash svc:999:999:/nonexistent:/usr/sbin/nologin " \
  "users"
eq "$(sql $db "select gecos from users where name='alice'")" "Alice Liddell,,," "alice's gecos"
eq "$(sql $db "select members from groups where name='sudo'")" "alice,svc" "sudo members"
eq "$(sql $db "select name||':'||password_state from shadow_meta order by name" | tr '\n' ' ')" \
  "alice:locked root:set svc:locked " "shadow_meta"
[[ -z $(sql $db "select * from shadow_meta" | grep -F 'notarealhash') ]] || fail "a password hash reached case.db"
eq "$(sql $db "select file||'|'||schedule||'|'||user||'|'||command from cron_jobs order by file" )" \
  "/etc/cron.d/alice-job|@reboot|alice|/home/alice/start.sh
/etc/crontab|*/5 * * * *|root|/usr/bin/beacon --quiet
/var/spool/cron/crontabs/alice|15 3 * * *|alice|/home/alice/backup.sh" "cron_jobs"
eq "$(sql $db "select name, enabled, exec_start, wanted_by from systemd_units where name='implant.service'")" \
  "implant.service|1|/usr/bin/implant -d|multi-user.target" "systemd unit"
eq "$(sql $db "select user, key_type, comment from ssh_authorized_keys")" "alice|ssh-ed25519|alice@laptop" \
  "authorized key"
[[ $(sql $db "select fingerprint from ssh_authorized_keys") =~ ^SHA256:[A-Za-z0-9+/]{43}$ ]] ||
  fail "fingerprint format"
[[ -z $(sql $db "select text from sudoers where text like '%escaped%'") ]] ||
  fail "a symlink climbing out of --root was followed"
eq "$(sql $db "select count(*) from sudoers where text like '%NOPASSWD%'")" 1 "sudoers NOPASSWD rule"
ok "users, groups, shadow_meta (no hashes), cron_jobs, systemd_units, ssh keys and sudoers from the tree"

# --- files ---------------------------------------------------------------------------------------
for f in /etc/passwd /etc/group /etc/shadow /etc/crontab /var/log/auth.log /var/log/syslog \
  /home/alice/.ssh/authorized_keys /etc/systemd/system/implant.service; do
  cmp "$root$f" "x/files$f" || fail "$f not stored byte-exact"
  eq "$(sql $db "select status from files where path='$f'")" complete "status of $f"
done
[[ ! -e x/files/var/log/trap.fifo ]] || fail "the FIFO was stored"
eq "$(jq -r '.tool.sha256' $c)" "$(sha256sum "$COLLECTOR" | cut -d' ' -f1)" "tool sha256 in custody"
ok "evidence files stored byte-exact; the FIFO in /var/log did not hang the run"

# --- a profile file: names, globs, exclusions, hashes and max_file_size --------------------------------
cat >custom.yaml <<'EOF'
name: custom-ir
description: Accounts and persistence, without PAM
artifacts:
  - "persistence_*"
  - users
  - "!persistence_pam"
hashes: [sha256, sha1]
max_file_size: 10
EOF
expect_exit 0 collect --profile ./custom.yaml --root "$root" --no-encrypt --case-dir c-custom -q
unpack "$(only_pkg c-custom)" x-custom
# In order of volatility (the loaded-module list is memory-resident state), else catalogue order.
want=$(collect artifacts | awk '{print $1}' | grep -E '^(users|persistence_.*)$' | grep -vx persistence_pam |
  awk '$1 == "persistence_kernel_modules" {print; next} {rest = rest $1 "\n"} END {printf "%s", rest}')
eq "$(jq -r '.profile.artifacts[]' x-custom/custody.json)" "$want" "artifacts of the profile file, most volatile first"
eq "$(jq -r .profile.name x-custom/custody.json)" custom-ir "profile name"
contains "$(jq -r .profile.source x-custom/custody.json)" custom.yaml
eq "$(sql x-custom/case.db "select size, status, sha1 from files where path='/etc/passwd'")" \
  "10|truncated|$(head -c 10 "$root/etc/passwd" | sha1sum | cut -d' ' -f1)" "/etc/passwd under max_file_size 10"
eq "$(sql x-custom/case.db "select count(*) from users")" 3 "users rows"
eq "$(sql x-custom/case.db "select count(*) from sqlite_master where name='shadow_meta'")" 0 \
  "a table of an artifact the profile did not select"
ok "--profile FILE: globs, '!' exclusions, hashes and max_file_size apply"

echo "collector_root: $pass_count checks passed"
