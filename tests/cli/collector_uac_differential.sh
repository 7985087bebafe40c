#!/usr/bin/env bash
# Differential test against UAC 3.3.0 itself (../shared/uac; skipped without it): the same UAC
# artifact files on the same fake root, with UAC's --mount-point and our --root. The files
# collected, the names of the output files and the find/hash/stat outputs (paths made relative
# to the root; atimes left out of the bodyfile, since UAC's copy reads files) must be equal.
source "$TEST_HELPERS"
UAC_DIR=$PPC_SOURCE_DIR/../shared/uac
if [[ ! -x $UAC_DIR/uac ]]; then
  echo "skipped: no UAC at $UAC_DIR"
  exit 0
fi
artifacts=files/logs/var_log.yaml,system/suid.yaml,hash_executables/hash_executables.yaml,bodyfile/bodyfile.yaml
root=$TEST_TMP/root
mkdir -p "$root"/etc "$root"/usr/bin "$root"/usr/sbin "$root"/var/log/app "$root"/home/alice "$root"/opt/deep/a/b
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >"$root"/etc/passwd
printf 'root:x:0:\n' >"$root"/etc/group
printf 'syslog line\n' >"$root"/var/log/syslog
printf 'app\n' >"$root"/var/log/app/app.log
ln -s syslog "$root"/var/log/syslog.link
head -c 3000 /dev/zero >"$root"/var/log/app/zeros.log
printf 'hello\n' >"$root"/usr/bin/tool && chmod 4755 "$root"/usr/bin/tool
printf 'plain\n' >"$root"/usr/sbin/daemon && chmod 0750 "$root"/usr/sbin/daemon
printf 'x\n' >"$root"/opt/deep/a/b/run.sh && chmod 0701 "$root"/opt/deep/a/b/run.sh
printf 'ls\n' >"$root"/home/alice/.bash_history

ours_args=(--uac "$UAC_DIR" --profile none --root "$root" --no-encrypt --case-dir ours --quiet)
for a in ${artifacts//,/ }; do ours_args+=(--artifact "uac:$a"); done
expect_exit 0 "$COLLECTOR" "${ours_args[@]}"
unpack "$(only_pkg ours)" ours-out

mkdir uac-out
(cd "$UAC_DIR" && ./uac -a "$artifacts" -m "$root" -f none -u --hostname difftest "$TEST_TMP/uac-out") \
  >uac-run.log 2>&1 || fail "uac failed: $(tail -5 uac-run.log)"
theirs=$(ls -d uac-out/uac-difftest-*/ | head -1)
[[ -d $theirs ]] || fail "no UAC output directory: $(ls uac-out)"

# 1. The files collected.
eq "$(cd "$theirs/[root]" && find . -type f -o -type l | sed 's|^\.||' | LC_ALL=C sort)" \
  "$(cd ours-out/files && find . -type f -o -type l | sed 's|^\.||' | LC_ALL=C sort)" "files collected"
ok "the same files collected as UAC ($(cd ours-out/files && find . -type f | wc -l) files)"

# 2. The output files' names.
eq "$(cd "$theirs" && find . -path './[[]root[]]' -prune -o -type f ! -name uac.log -print | sed 's|^\./||' | LC_ALL=C sort)" \
  "$(cd ours-out/uac && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" "output file names"
ok "the same output files as UAC"

# 3. Their contents, paths relative to the root.
norm() { sed -e "s|$root||g" -e 's/^0||/0|\/|/' "$1" | LC_ALL=C sort; }
for f in system/suid.txt hash_executables/hash_executables.md5 hash_executables/hash_executables.sha1; do
  eq "$(norm "$theirs/$f")" "$(norm "ours-out/uac/$f")" "$f"
done
no_atime() { norm "$1" | awk -F'|' -v OFS='|' '{ $8 = ""; print }'; }
eq "$(no_atime "$theirs/bodyfile/bodyfile.txt")" "$(no_atime ours-out/uac/bodyfile/bodyfile.txt)" "bodyfile"
ok "find, hash and stat outputs equal UAC's ($(wc -l <ours-out/uac/bodyfile/bodyfile.txt) bodyfile lines)"
echo "$pass_count passed, 0 failed"
