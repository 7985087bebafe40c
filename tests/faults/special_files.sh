#!/usr/bin/env bash
# A tree of everything awkward a file system holds: a FIFO with a writer waiting (the collector
# must never open it), a unix socket, device nodes, symlink loops, dangling symlinks, a symlink
# back to its parent, hard links, a 4,000-byte path, names with a newline and invalid UTF-8, a
# 64 GiB sparse file; then /proc and /sys files that report a size of 0 or 4096 whatever they
# hold. No hang (every run under `timeout`), each path recorded in case.db `files` with the
# right status, the regular files stored byte-exact.
set -euo pipefail
: "${TEST_HELPERS:?run by ctest (tests/CMakeLists.txt sets TEST_HELPERS, COLLECTOR, BIUNZIP)}"
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/faults/fault_lib.bash"

[[ $(id -u) == 0 ]] || fail "needs root for mknod"
tree=$TEST_TMP/tree
mkdir -p "$tree/linkdir"
printf 'regular\n' >"$tree/regular"
mkfifo "$tree/fifo"
(exec 3>"$tree/fifo" && echo opened >"$TEST_TMP/fifo-writer") &  # blocks until a reader opens
fifo_writer=$!
CLEANUP+=("kill $fifo_writer")
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tree/socket"
mknod "$tree/chardev" c 1 5  # /dev/zero's numbers: endless if it were ever read
mknod "$tree/blockdev" b 7 250
ln -s loop-b "$tree/loop-a"
ln -s loop-a "$tree/loop-b"
ln -s self "$tree/self"
ln -s does/not/exist "$tree/dangling"
ln -s .. "$tree/linkdir/up"
ln -s regular "$tree/link-to-regular"
printf 'hard\n' >"$tree/hard-1"
ln "$tree/hard-1" "$tree/hard-2"
newline_name=$tree/$'new\nline'
binary_name=$tree/$'bad\xff\xfe name'
printf 'newline\n' >"$newline_name"
printf 'binary\n' >"$binary_name"
# A 4,000-byte path, in 100-byte components.
deep=$tree/deep
component=$(printf 'd%.0s' {1..99})
while ((${#deep} + 100 + 5 < 4000)); do deep+=/$component; done
deep+=/$(printf 'e%.0s' $(seq $((4000 - ${#deep} - 1 - 5))))
mkdir -p "$deep"
long_path=$deep/leaf
printf 'deep\n' >"$long_path"
eq "${#long_path}" 4000 "length of the long path"
# 64 GiB apparent, 2 MiB allocated: data at the start and in the middle.
head -c 1M /dev/urandom >"$tree/sparse"
truncate -s 64G "$tree/sparse"
head -c 1M /dev/urandom | dd of="$tree/sparse" bs=1M seek=32768 conv=notrunc status=none

start=$SECONDS
expect_exit 0 timeout 120 "$COLLECTOR" --profile none --no-encrypt --collect "$tree/**" --case-dir c-tree -q </dev/null
elapsed=$((SECONDS - start))
((elapsed < 60)) || fail "the tree took ${elapsed}s"
[[ ! -e $TEST_TMP/fifo-writer ]] || fail "the collector opened the FIFO (its writer was released)"
ok "awkward tree collected in ${elapsed}s, exit 0, the FIFO never opened"

unpack "$(only_pkg c-tree)" x
db=x/case.db
row() { sql $db "select status || '|' || ifnull(error, '') from files where hex(path)='$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)'"; }
eq "$(row "$tree/fifo")" "skipped:fifo|" "FIFO"
eq "$(row "$tree/socket")" "skipped:socket|" "socket"
eq "$(row "$tree/chardev")" "skipped:device|" "character device"
eq "$(row "$tree/blockdev")" "skipped:device|" "block device"
ok "FIFO, socket and devices recorded as skipped:<kind>, not stored"
eq "$(row "$tree/loop-a")" "symlink|-> loop-b" "symlink loop a"
eq "$(row "$tree/loop-b")" "symlink|-> loop-a" "symlink loop b"
eq "$(row "$tree/self")" "symlink|-> self" "self loop"
eq "$(row "$tree/dangling")" "symlink|-> does/not/exist" "dangling symlink"
eq "$(row "$tree/linkdir/up")" "symlink|-> .." "symlink to the parent"
eq "$(row "$tree/link-to-regular")" "symlink|-> regular" "symlink to a file"
eq "$(readlink "x/files$tree/loop-a")" loop-b "extracted loop-a"
eq "$("$BIUNZIP" list --json "$(only_pkg c-tree)" | jq -r --arg n "files$tree/linkdir/up" \
  '.[] | select(.name==$n) | .type + " " + .target')" "symlink .." "package entry of linkdir/up"
eq "$(sql $db "select count(*) from files where path like '$tree/linkdir/up/%' or path like '$tree/loop-_/%'")" 0 \
  "rows below a symlinked directory"
ok "symlinks (loops, dangling, to the parent, to a file) stored as links, never followed"

eq "$(sql $db "select count(distinct inode) || '|' || count(*) from files where path like '$tree/hard-_' and status='complete'")" \
  "1|2" "hard links: one inode, two complete rows"
cmp "$tree/hard-1" "x/files$tree/hard-2" || fail "hard-2 differs"
for f in "$newline_name" "$binary_name" "$long_path" "$tree/regular"; do
  eq "$(row "$f")" "complete|" "status of a name of ${#f} bytes"
  cmp "$f" "x/files$f" || fail "extracted copy of a ${#f}-byte name differs"
done
ok "hard links, newline and invalid UTF-8 names and a 4,000-byte path stored byte-exact"

# The sparse file: capped at 256 MiB without --max-file-size, quickly, and said so.
eq "$(row "$tree/sparse")" "truncated|sparse file: only the first 256 MiB stored (--max-file-size stores more)" \
  "sparse file"
eq "$(sql $db "select size from files where path='$tree/sparse'")" $((256 << 20)) "stored size of the sparse file"
eq "$(sha "x/files$tree/sparse")" "$(head -c 256M "$tree/sparse" | sha256sum | cut -d' ' -f1)" "sparse bytes"
eq "$(jq -r 'select(.event=="sparse_file_capped") | .size' x/collection.log)" $((64 << 30)) "sparse warning"
ok "64 GiB sparse file: first 256 MiB stored, status truncated, warning logged"

start=$SECONDS
expect_exit 0 timeout 30 "$COLLECTOR" --profile none --no-encrypt --collect "$tree/sparse" --max-file-size 1MiB \
  --case-dir c-sparse -q </dev/null
((SECONDS - start < 15)) || fail "--max-file-size 1MiB on the sparse file took $((SECONDS - start))s"
unpack "$(only_pkg c-sparse)" x-sparse
eq "$(sql x-sparse/case.db "select status || '|' || size from files where path='$tree/sparse'")" \
  "truncated|1048576" "sparse file with --max-file-size 1MiB"
eq "$(sha "x-sparse/files$tree/sparse")" "$(head -c 1M "$tree/sparse" | sha256sum | cut -d' ' -f1)" "first MiB"
ok "64 GiB sparse file with --max-file-size 1MiB: 1 MiB stored in $((SECONDS - start))s"

# /proc and /sys: st_size 0 (or 4096) says nothing; /proc/self/mem fails to read at offset 0.
proc=(/proc/self/status /proc/self/cmdline /proc/version /proc/self/mem /sys/class/net/lo/address)
args=()
for p in "${proc[@]}"; do args+=(--collect "$p"); done
expect_exit 3 timeout 30 "$COLLECTOR" --profile none --no-encrypt "${args[@]}" --case-dir c-proc -q </dev/null
unpack "$(only_pkg c-proc)" x-proc
db=x-proc/case.db
eq "$(sql $db "select status from files where path='/proc/self/status'")" complete "/proc/self/status"
grep -q '^Name:[[:space:]]*collector' x-proc/files/proc/self/status || fail "/proc/self/status is not the collector's"
eq "$(sql $db "select status from files where path='/proc/version'")" complete "/proc/version"
cmp /proc/version x-proc/files/proc/version || fail "/proc/version differs"
eq "$(tr '\0' ' ' <x-proc/files/proc/self/cmdline)" "$COLLECTOR --profile none --no-encrypt ${args[*]} --case-dir c-proc -q " \
  "/proc/self/cmdline"
eq "$(sql $db "select status || '|' || size from files where path='/sys/class/net/lo/address'")" "complete|18" \
  "/sys/class/net/lo/address (st_size 4096)"
eq "$(cat x-proc/files/sys/class/net/lo/address)" "00:00:00:00:00:00" "loopback address"
eq "$(sql $db "select status || '|' || error from files where path='/proc/self/mem'")" "read-error|Input/output error" \
  "/proc/self/mem"
eq "$(jq -r 'select(.event=="source_unreadable") | .path' x-proc/collection.log)" /proc/self/mem "source errors"
ok "/proc and /sys files read to their end, /proc/self/mem a read-error (exit 3), no hang"

echo "special_files: $pass_count checks passed"
