#!/usr/bin/env bash
# While the collector or biunzip holds a key it is not dumpable (no core dump, no ptrace or
# /proc/PID/mem for other processes of the user), and ps shows no --password value. Run as an
# unprivileged user, a non-dumpable process's /proc/PID files belong to root: that is what
# this test looks at. Each tool is caught holding its key on a FIFO it blocks on: the
# collector's --password-file, biunzip's export output.
source "$TEST_HELPERS"
if [[ $(id -u) != 0 ]] || ! command -v setpriv >/dev/null; then
  echo "skip: needs root and setpriv (util-linux) to run the tools as another user"
  exit 0
fi
nobody=65534
chmod 755 "$TEST_TMP"
# An array, not a function: "${as_nobody[@]}" CMD & makes $! the tool's own PID.
as_nobody=(setpriv --reuid=$nobody --regid=$nobody --clear-groups)

# running_as_nobody PID: the process has switched to the unprivileged user.
running_as_nobody() { [[ $(awk '/^Uid:/ {print $2}' "/proc/$1/status" 2>/dev/null) == "$nobody" ]]; }
# not_dumpable PID: running as nobody, yet /proc/PID/status belongs to root.
not_dumpable() { running_as_nobody "$1" && [[ $(stat -c %u "/proc/$1/status") == 0 ]]; }
# wait_until WHAT CMD...: polls for up to 30 s.
wait_until() {
  local what=$1
  shift
  for _ in $(seq 300); do
    "$@" && return 0
    sleep 0.1
  done
  fail "timed out waiting until $what"
}

# The check itself can see a dumpable process: a plain sleep's files stay its own.
"${as_nobody[@]}" sleep 30 &
pid=$!
wait_until "sleep runs as nobody" running_as_nobody $pid
[[ $(stat -c %u "/proc/$pid/status") == "$nobody" ]] || fail "an ordinary process looks not dumpable"
kill $pid
wait $pid 2>/dev/null || true
ok "control: an ordinary process running as nobody owns its /proc files"

passphrase='held-in-memory passphrase 5521'
mkdir -p asset/etc cases
printf 'dump-host\n' >asset/etc/hostname
printf 'evidence bytes\n' >asset/etc/motd
chmod -R a+rX asset
chmod 777 cases
mkfifo pass.fifo
chmod 666 pass.fifo
"${as_nobody[@]}" "$COLLECTOR" --profile none --root asset --collect /etc/motd --case-dir cases \
  --case-id DUMP --password-file pass.fifo --scrypt-work-factor 15 </dev/null >collector.out 2>collector.err &
pid=$!
wait_until "the collector is not dumpable before reading its passphrase" not_dumpable $pid
printf '%s\n' "$passphrase" >pass.fifo
wait $pid || fail "the collector failed: $(cat collector.err)"
pkgs=(cases/*.ppc)
[[ -f ${pkgs[0]} ]] || fail "the collector wrote no package"
ok "collector: not dumpable from the moment it resolves its keys"

mkfifo payload.fifo
chmod 666 payload.fifo
"${as_nobody[@]}" "$BIUNZIP" -q export "${pkgs[0]}" -o payload.fifo --force --password "$passphrase" \
  >export.out 2>export.err &
pid=$!
wait_until "biunzip holds the key and is not dumpable" not_dumpable $pid
cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
[[ $cmdline != *"$passphrase"* ]] || fail "ps still shows the passphrase: $cmdline"
[[ $cmdline == *"--password *"* ]] || fail "the --password argument should be masked: $cmdline"
cat payload.fifo >payload.tar
wait $pid || fail "biunzip export failed: $(cat export.err)"
tar -tf payload.tar >payload.list
grep -qx 'files/etc/motd' payload.list || fail "the exported payload lacks files/etc/motd"
ok "biunzip: not dumpable while it holds the key, and --password masked in ps"
echo "$pass_count passed, 0 failed"
