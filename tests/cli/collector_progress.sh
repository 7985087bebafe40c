#!/usr/bin/env bash
# The progress line on a terminal (issue #22 item 13): redrawn every second, it never sits at
# "~0s left" (the last step, triage and long walks show the time spent in the step instead), and
# what follows it (the triage line, the summary) starts on a clean line.
source "$TEST_HELPERS"
command -v script >/dev/null || fail "script (util-linux) is needed"

mkdir -p data
for i in 1 2 3 4 5 6; do head -c 8M /dev/urandom >data/f$i; done
printf 'rule never_matches { strings: $a = "zq8-no-such-string-8qz" condition: $a }\n' >r.yar
# --cpu-limit stretches both the collection and the triage over several seconds of ticks.
script -qec "'$COLLECTOR' --profile none --no-encrypt --case-dir '$TEST_TMP/cases' --collect '$TEST_TMP/data/**' \
  --rules '$TEST_TMP/r.yar' --scan '$TEST_TMP/data' --scan /usr/share/doc --cpu-limit 15" tty.log >/dev/null </dev/null ||
  fail "the run failed: $(tail -c 600 tty.log)"
tr '\r' '\n' <tty.log | sed 's/\x1b\[K//g' >lines
grep -q "~0s left" lines && fail "the progress line said ~0s left: $(grep -m1 '~0s left' lines)"
grep -Eq '^\[2/2\] triage .* [1-9][0-9]*s in this step' lines ||
  fail "no progress during triage: $(grep triage lines | tail -3)"
(($(grep -c "in this step\|s left" lines) >= 4)) || fail "the line was redrawn only $(grep -c 'in this step\|s left' lines) times"
# Every message after the progress line begins at column 0 (after a carriage return and a
# clear-line sequence, or a newline), never appended to the progress text.
for what in "triage: " "collected "; do
  grep -q "^$what" lines || fail "'$what' is not at the start of a line: $(grep -m1 "$what" lines)"
done
ok "progress redrawn $(grep -c 'in this step\|s left' lines) times, never '~0s left', triage shown, summary on a clean line"
