#!/usr/bin/env bash
# The passphrase prompt, driven through a pseudo-terminal (python3's pty module) as a responder
# types at it: a passphrase under 12 characters is refused right after the first entry and asked
# again, three tries in all; Ctrl-C at the prompt ends the run with exit 130 and no package.
source "$TEST_HELPERS"
: "${COLLECTOR:?set by ctest}" "${BIUNZIP:?set by ctest}"

mkdir -p asset/etc
printf 'prompthost\n' >asset/etc/hostname
printf 'evidence bytes\n' >asset/etc/motd

# at_terminal CASE_DIR INPUT...: runs a collection on a pseudo-terminal and types each INPUT
# (a line, or "^C" for Ctrl-C) once the next prompt shows; sets $SHOWN to what the terminal
# showed and $CODE to the collector's exit code.
at_terminal() {
  set +e
  SHOWN=$(python3 - "$COLLECTOR" "$@" <<'PY'
import os, pty, select, sys, time
collector, case_dir, *inputs = sys.argv[1:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(collector, [collector, "--profile", "none", "--root", "asset", "--collect",
                         "/etc/motd", "--case-dir", case_dir, "-q"])
shown = b""
def read_some(timeout):
    global shown
    if not select.select([fd], [], [], timeout)[0]:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the child closed the terminal
        return False
    shown += chunk
    return bool(chunk)
def prompts():
    return shown.count(b"Passphrase for the package: ") + shown.count(b"Same passphrase again: ")
deadline = time.time() + 60
for n, text in enumerate(inputs, start=1):
    while prompts() < n and time.time() < deadline and read_some(0.1):
        pass
    os.write(fd, b"\x03" if text == "^C" else text.encode() + b"\n")
while time.time() < deadline and read_some(1):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(shown.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
)
  CODE=$?
  set -e
}
good='a long enough passphrase'

# --- too short, then too short, then right: the length is checked before the confirmation --------
at_terminal c-retry short 'still short' "$good" "$good"
eq "$CODE" 0 "exit code after two short tries and a good one (terminal: $SHOWN)"
[[ $(grep -c 'at least 12 characters' <<<"$SHOWN") == 2 ]] || fail "two refusals expected: $SHOWN"
contains "$SHOWN" "try again (2 tries left)"
contains "$SHOWN" "try again (1 try left)"
[[ $(grep -c 'Same passphrase again' <<<"$SHOWN") == 1 ]] || fail "confirmation asked for a short one: $SHOWN"
printf '%s\n' "$good" >pass.txt
pkg=$(printf '%s\n' c-retry/*.ppc)
expect_exit 0 "$BIUNZIP" verify "$pkg" --password-file pass.txt
ok "a short passphrase is refused at once and asked again; the third try's passphrase opens the package"

# --- three failed tries: usage error, nothing written -----------------------------------------------
at_terminal c-fail short "$good" 'not the same passphrase' tiny
eq "$CODE" 2 "exit code after three failed tries (terminal: $SHOWN)"
contains "$SHOWN" "the two passphrases differ"
contains "$SHOWN" "no usable passphrase after 3 tries"
[[ ! -e c-fail ]] || fail "a case directory was left after three failed tries"
ok "three failed tries: exit 2, no case directory"

# --- Ctrl-C at the first and at the second prompt: exit 130, no package ------------------------------
at_terminal c-int1 '^C'
eq "$CODE" 130 "exit code after Ctrl-C at the prompt (terminal: $SHOWN)"
contains "$SHOWN" "interrupted at the passphrase prompt"
[[ ! -e c-int1 ]] || fail "Ctrl-C at the prompt left a case directory: $(ls -R c-int1)"
at_terminal c-int2 "$good" '^C'
eq "$CODE" 130 "exit code after Ctrl-C at the confirmation (terminal: $SHOWN)"
[[ ! -e c-int2 ]] || fail "Ctrl-C at the confirmation left a case directory"
ok "Ctrl-C at either prompt: exit 130, no package"
echo "collector_passphrase_prompt: $pass_count checks passed"
