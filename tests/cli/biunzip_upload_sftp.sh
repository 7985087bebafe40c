#!/usr/bin/env bash
# biunzip upload over SFTP to Debian's OpenSSH sshd, started here on a loopback port with its own
# host key and authorized key: a package and its sidecar arrive byte for byte, an unknown host
# key is refused, a file cut short by an interruption is continued (not sent again), a remote
# file corrupted in place is detected and replaced, a folder's upload is in its custody.log.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/upload/lib.sh"
[[ -x /usr/sbin/sshd ]] || { echo "SKIP: /usr/sbin/sshd not installed (Debian openssh-server)"; exit 0; }

mkdir ssh remote
ssh-keygen -q -t ed25519 -N '' -f ssh/host_key
ssh-keygen -q -t ed25519 -N '' -f ssh/client_key
cp ssh/client_key.pub ssh/authorized_keys
port=$(free_port)
cat >ssh/sshd_config <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $PWD/ssh/host_key
AuthorizedKeysFile $PWD/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PidFile $PWD/ssh/sshd.pid
Subsystem sftp internal-sftp
CONF
[[ $(id -u) != 0 ]] || mkdir -p /run/sshd  # privilege separation directory sshd insists on as root
/usr/sbin/sshd -f "$PWD/ssh/sshd_config" -D -e 2>ssh/sshd.log &
sshd_pid=$!
trap 'kill $sshd_pid 2>/dev/null || true; rm -rf "$TEST_TMP"' EXIT
wait_port "$port"
printf '[127.0.0.1]:%s %s\n' "$port" "$(cat ssh/host_key.pub)" >ssh/known_hosts
to="sftp://$(id -un)@127.0.0.1:$port$PWD/remote/cases/2024"
keys=(--ssh-key ssh/client_key --known-hosts ssh/known_hosts)
make_upload_inputs

expect_exit 0 "$BIUNZIP" upload pkgdir/case.ppc --to "$to" "${keys[@]}"
contains "$ERR" "2 objects (2 uploaded)"
eq "$(sha remote/cases/2024/case.ppc)" "$(sha pkgdir/case.ppc)" "package on the server"
cmp pkgdir/case.ppc.sha256 remote/cases/2024/case.ppc.sha256 || fail "sidecar differs"
ok "a package and its sidecar arrive byte for byte (missing folders created)"

# An unknown or changed host key is refused before anything is sent.
ssh-keygen -q -t ed25519 -N '' -f ssh/other_key
printf '[127.0.0.1]:%s %s\n' "$port" "$(cat ssh/other_key.pub)" >ssh/wrong_hosts
expect_exit 14 "$BIUNZIP" upload pkgdir/case.ppc --to "${to}-x" --ssh-key ssh/client_key --known-hosts ssh/wrong_hosts
[[ ! -e remote/cases/2024-x ]] || fail "files sent to a server whose key does not match"
expect_exit 2 "$BIUNZIP" upload pkgdir/case.ppc --to "$to" --ssh-key ssh/client_key --known-hosts ssh/none
contains "$ERR" "known_hosts"
ok "a changed host key is refused (exit 14), a missing known_hosts is a usage error"

# A folder: big.bin cut short on the server (what an interrupted transfer leaves) is continued
# from where it stopped; the transfer counts only the missing bytes.
expect_exit 0 "$BIUNZIP" upload folder --to "$to/folder" "${keys[@]}" --jobs 2
contains "$ERR" "2 objects (2 uploaded)"
truncate -s 1000000 remote/cases/2024/folder/big.bin
touch -d '2001-01-01' remote/cases/2024/folder/files/etc/passwd
expect_exit 0 "$BIUNZIP" upload folder --to "$to/folder" "${keys[@]}"
contains "$ERR" "1 resumed"
contains "$ERR" "1 present"
eq "$(sha remote/cases/2024/folder/big.bin)" "$(sha folder/big.bin)" "resumed big.bin"
[[ $(stat -c %Y remote/cases/2024/folder/files/etc/passwd) == $(date -d 2001-01-01 +%s) ]] ||
  fail "a file already there was sent again"
ok "an interrupted file is continued, files already there are verified and left alone"

# A remote file changed in place (same size) is detected by the read-back digest and replaced.
printf 'X' | dd of=remote/cases/2024/folder/big.bin bs=1 seek=12345 conv=notrunc status=none
expect_exit 0 "$BIUNZIP" upload folder --to "$to/folder" "${keys[@]}"
contains "$ERR" "big.bin: remote SHA-256"
contains "$ERR" "uploading it again"
eq "$(sha remote/cases/2024/folder/big.bin)" "$(sha folder/big.bin)" "replaced big.bin"
ok "a corrupted remote object is detected and replaced"

# custody.log: one line per upload with target, objects, digests; uploaded along; no secrets.
n=$(jq -r 'select(.action == "upload" and .result == "ok") | .target' folder/custody.log | wc -l)
eq "$n" 3 "upload lines in custody.log"
eq "$(jq -r 'select(.action == "upload") | .objects[] | select(.name == "big.bin") | .sha256' folder/custody.log | sort -u)" \
  "$(sha folder/big.bin)" "big.bin's digest in custody.log"
eq "$(jq -r 'select(.action == "upload") | .objects[] | select(.name == "big.bin") | .outcome' folder/custody.log | tr '\n' ' ')" \
  "uploaded resumed replaced " "outcomes in custody.log"
cmp folder/custody.log remote/cases/2024/folder/custody.log || fail "custody.log not uploaded"
ok "custody.log records each upload (target, names, digests, outcomes) and travels with the folder"

# Bad URLs: one line, exit 2.
expect_exit 2 "$BIUNZIP" upload folder --to "ftp://host/x"
expect_exit 2 "$BIUNZIP" upload folder --to "sftp://u:secret@host/x"
[[ $ERR != *secret* ]] || fail "a password from the URL was echoed"
ok "unsupported schemes and passwords in URLs are refused without echoing them"
echo "biunzip_upload_sftp: $pass_count ok"
