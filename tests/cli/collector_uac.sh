#!/usr/bin/env bash
# --uac: our own small UAC tree (UAC 3.3.0's file format) on a fake root and live: listing,
# --dry-run, file/find/hash/stat outputs in the package, commands in uac_commands, invalid files
# (file:line, exit 2, or skipped with --uac-skip-invalid), uac: without --uac.
source "$TEST_HELPERS"
mkdir -p uac/artifacts/files uac/artifacts/system uac/artifacts/live uac/artifacts/broken uac/profiles uac/config
cat >uac/config/uac.conf <<'YAML'
exclude_path_pattern: ["/etc/secret"]
exclude_name_pattern: []
exclude_file_system: []
hash_algorithm: [md5, sha1]
max_depth: 0
enable_find_mtime: true
enable_find_atime: false
enable_find_ctime: true
YAML
cat >uac/artifacts/files/etc.yaml <<'YAML'
version: 1.0
artifacts:
  -
    description: Collect /etc configuration.
    supported_os: [linux]
    collector: file
    path: /etc
    name_pattern: ["*.conf", passwd]
    file_type: [f]
  -
    description: Collect shell histories.
    supported_os: [all]
    collector: file
    path: %user_home%/.bash_history
YAML
cat >uac/artifacts/system/lists.yaml <<'YAML'
version: 1.0
output_directory: /system
artifacts:
  -
    description: Executables.
    supported_os: [all]
    collector: hash
    path: /usr/bin
    file_type: [f]
    output_file: hash_executables.txt
  -
    description: Bodyfile of /etc.
    supported_os: [all]
    collector: stat
    path: /etc
    output_file: bodyfile.txt
  -
    description: Set-uid files.
    supported_os: [all]
    collector: find
    path: /
    file_type: [f]
    permissions: [-4000]
    output_file: suid.txt
YAML
cat >uac/artifacts/live/echo.yaml <<'YAML'
version: 1.0
output_directory: /live_response/%dir=defaultdir%
artifacts:
  -
    description: Say something.
    supported_os: [linux]
    collector: command
    command: echo "uac says %word=nothing%"
    output_file: echo.txt
YAML
cat >uac/artifacts/live/after.yaml <<'YAML'
version: 1.0
condition: [ -s "/%artifacts_output_directory%/system/suid.txt" ]
output_directory: /after
artifacts:
  -
    description: Runs only once suid.txt was written (a condition on an earlier output).
    supported_os: [linux]
    collector: find
    path: /usr/bin
    output_file: after.txt
YAML
cat >uac/artifacts/broken/typo.yaml <<'YAML'
version: 1.0
artifacts:
  -
    description: A typo in a key.
    supported_os: [linux]
    colector: file
    path: /etc
YAML
cat >uac/profiles/mine.yaml <<'YAML'
name: mine
description: Our test profile.
artifacts:
  - files/*
  - system/*
  - live/echo.yaml
  - live/after.yaml
YAML
mkdir -p root/etc/secret root/usr/bin root/home/alice
printf 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n' >root/etc/passwd
printf 'setting=1\n' >root/etc/app.conf
printf 'hidden\n' >root/etc/secret/s.conf
printf 'ls -la\n' >root/home/alice/.bash_history
printf 'hello\n' >root/usr/bin/tool && chmod 4755 root/usr/bin/tool

expect_exit 0 "$COLLECTOR" --uac uac --uac-skip-invalid artifacts
contains "$OUT" "uac:files/etc.yaml"
contains "$OUT" "uac:system/lists.yaml"
contains "$ERR" "broken/typo.yaml:6: unknown field 'colector'"
expect_exit 2 "$COLLECTOR" --uac uac artifacts
ok "collector --uac DIR artifacts lists the tree; an invalid file is file:line and exit 2"
expect_exit 0 "$COLLECTOR" --uac uac profiles
contains "$OUT" "uac:mine"
ok "collector --uac DIR profiles"

expect_exit 2 "$COLLECTOR" --uac uac --profile none --artifact uac:broken/typo.yaml --no-encrypt --case-dir c0
contains "$ERR" "typo.yaml:6: unknown field 'colector'"
[[ ! -e c0 ]] || fail "an invalid UAC artifact must stop the run before the case directory exists"
expect_exit 2 "$COLLECTOR" --profile uac:mine --no-encrypt --case-dir c0
contains "$ERR" "need --uac DIR"
expect_exit 2 "$COLLECTOR" --uac uac --profile uac:nope --no-encrypt --case-dir c0
contains "$ERR" "unknown UAC profile 'nope'"
expect_exit 2 "$COLLECTOR" --uac uac --uac-var 'bad name=1' --profile uac:mine --dry-run
ok "bad UAC input stops before anything runs (exit 2)"

expect_exit 0 "$COLLECTOR" --uac uac --profile uac:mine --root root --dry-run
contains "$OUT" "uac:files/etc.yaml"
contains "$OUT" "3 files"
ok "--dry-run estimates the UAC artifacts"

expect_exit 0 "$COLLECTOR" --uac uac --profile uac:mine --root root --no-encrypt --case-dir c1 --quiet
pkg=$(only_pkg c1)
unpack "$pkg" out1
[[ -f out1/files/etc/app.conf && -f out1/files/etc/passwd && -f out1/files/home/alice/.bash_history ]] ||
  fail "the file collector's files are not in the package: $(cd out1 && find files -type f)"
[[ ! -e out1/files/etc/secret/s.conf ]] || fail "uac.conf's exclude_path_pattern was ignored"
eq "$(cat out1/uac/system/suid.txt)" "/usr/bin/tool" "find output"
eq "$(cat out1/uac/system/hash_executables.txt.md5)" "b1946ac92492d2347c6235b4d2611184  /usr/bin/tool" "hash output"
grep -q '^0|/etc/app.conf|[0-9]*|-rw-r--r--|' out1/uac/system/bodyfile.txt || fail "bodyfile: $(cat out1/uac/system/bodyfile.txt)"
[[ ! -e out1/uac/live_response ]] || fail "a command ran under --root"
eq "$(cat out1/uac/after/after.txt)" "$(printf '/usr/bin\n/usr/bin/tool')" "a condition on an earlier output (relative --case-dir)"
eq "$(sqlite3 out1/case.db "select status from uac_commands")" "skipped:root" "uac_commands under --root"
eq "$(sqlite3 out1/case.db "select count(*) from files where artifact like 'uac:files/%' and sha256 != ''")" 3 "hashed files in case.db"
ls c1 | grep -q uac-work && fail "the UAC working directory was left in the case directory"
ok "--profile uac:mine on a fake root: files, find/hash/stat outputs, commands skipped"

expect_exit 0 "$COLLECTOR" --uac uac --profile none --artifact 'uac:live/*' --uac-var word=hello --no-encrypt --case-dir c2 --quiet
unpack "$(only_pkg c2)" out2
eq "$(cat out2/uac/live_response/defaultdir/echo.txt)" "uac says hello" "command output"
eq "$(sqlite3 out2/case.db "select artifact, status, exit_code, output from uac_commands")" \
  "uac:live/echo.yaml|ok|0|uac/live_response/defaultdir/echo.txt" "uac_commands"
ok "--artifact uac:live/* runs commands live, --uac-var sets a variable"
echo "$pass_count passed, 0 failed"
