#!/usr/bin/env bash
# --root confines every read to the image, as chroot(2) would resolve paths (issue #13): an image
# whose directories are absolute symlinks (home -> /data/home, opt/x -> /etc) must never make the
# collector store a file of the examiner's machine, whether the path is named exactly
# (--collect), matched by a glob, or read ahead for a list of files.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

root=$TEST_TMP/image
host=$TEST_TMP/hostside          # exists on the examiner's machine only
mkdir -p "$root/etc" "$root$host/home/alice" "$root/opt" "$host/home/alice" "$host/etc"
echo fakehost >"$root/etc/hostname"
echo "IMAGE notes" >"$root$host/home/alice/notes.txt"
echo "HOST notes" >"$host/home/alice/notes.txt"
echo "HOST only" >"$host/home/alice/host-only.txt"
echo "HOST secret" >"$host/etc/secret"
for i in 1 2 3; do echo "IMAGE $i" >"$root$host/home/alice/f$i.txt"; echo "HOST $i" >"$host/home/alice/f$i.txt"; done
ln -s "$host/home" "$root/home"   # absolute: inside the image it means $root$host/home
ln -s "$host/etc" "$root/opt/x"   # leads to a directory the image does not have

expect_exit 3 "$COLLECTOR" --profile none --root "$root" --no-encrypt --case-dir cases -q \
  --collect /home/alice/notes.txt --collect /home/alice/host-only.txt --collect /opt/x/secret \
  --collect '/home/alice/f*.txt'
pkg=$(only_pkg cases)
"$BIUNZIP" -q verify "$pkg" >/dev/null || fail "the package does not verify"
unpack "$pkg" x
db=x/case.db

stored=$(find x/files -type f | sort)
eq "$(cat x/files/home/alice/notes.txt)" "IMAGE notes" "an exact path through an absolute symlinked directory"
for i in 1 2 3; do
  eq "$(cat x/files/home/alice/f$i.txt)" "IMAGE $i" "a globbed (read-ahead) file through the link"
done
grep -rl "HOST" x/files && fail "a file of the examiner's machine was stored: $(grep -rl HOST x/files)"
ok "every stored byte comes from the image: $(wc -l <<<"$stored") files, none from the host"

eq "$(sql $db "select status from files where path='/home/alice/host-only.txt'")" not_found \
  "a path that exists only on the host"
eq "$(sql $db "select status from files where path='/opt/x/secret'")" not_found \
  "a path through a link to a directory the image lacks"
ok "paths that do not resolve inside the image are recorded as not_found (exit 3), never read on the host"
