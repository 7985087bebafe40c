#!/usr/bin/env bash
# The collector's command line without a collection: --help, --version, the built-in listings
# (compared with rules/), every usage error (exit 2, one line, nothing written) and --dry-run.
source "$TEST_HELPERS"
source "$PPC_SOURCE_DIR/tests/fixtures/collector/lib.sh"

# --- --help: every flag of the source, every exit code ----------------------------------------
expect_exit 0 collect --help
help=$OUT
for code in 0 1 2 3 130; do
  grep -qE "^  $code +[a-z]" <<<"$help" || fail "--help does not explain exit code $code"
done
# Every option the table declares (each name of each add_option/add_flag) is in the help text.
flags=$(grep -oE 'add_(option|flag)\("[^"]+"' "$PPC_SOURCE_DIR/collector/src/options_table.cpp" |
  sed -E 's/.*\("//; s/"$//' | tr ',' '\n' | grep -E '^-')
[[ $(wc -l <<<"$flags") -ge 30 ]] || fail "found too few flags in options_table.cpp: $flags"
for f in $flags; do
  grep -qE -- "(^|[ ,])$f([ ,=]|$)" <<<"$help" || fail "--help does not list $f"
done
for sub in profiles artifacts; do contains "$help" "  $sub "; done
ok "--help lists $(wc -l <<<"$flags") flags, both subcommands and exit codes 0 1 2 3 130"

# --- docs/USAGE.md documents every flag, subcommand and exit code of both tools ------------------------
doc=$PPC_SOURCE_DIR/docs/USAGE.md
[[ -f $doc ]] || fail "docs/USAGE.md is missing"
documented() {  # documented HELP_TEXT WHAT: every --flag and -x of HELP_TEXT appears in USAGE.md
  local flag missing=()
  for flag in $(grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z-]*(,--[a-z][a-z-]*)?' <<<"$1" | tr ',' '\n' | tr -d ' ' | sort -u); do
    grep -qE -- "\`${flag}[\` ]" "$doc" || missing+=("$flag")
  done
  [[ ${#missing[@]} == 0 ]] || fail "docs/USAGE.md does not document $2 flags: ${missing[*]}"
}
documented "$help" "collector"
biunzip_help=$("$BIUNZIP" --help)
documented "$biunzip_help" "biunzip"
subs=$(sed -n '/^Subcommands:/,/^$/p' <<<"$biunzip_help" | awk 'NF && !/Subcommands:/ {print $1}')
[[ $(wc -w <<<"$subs") -ge 8 ]] || fail "found too few biunzip subcommands: $subs"
for sub in $subs; do
  grep -qE "\`biunzip ${sub}[ \`]" "$doc" || fail "docs/USAGE.md does not document biunzip $sub"
  documented "$("$BIUNZIP" "$sub" --help)" "biunzip $sub"
done
documented "$("$BIUNZIP" timestamp verify --help)" "biunzip timestamp verify"
for code in 0 1 2 3 130; do
  sed -n '/^## collector exit codes/,/^## /p' "$doc" | grep -qE "^\| $code \|" || fail "collector exit $code undocumented"
done
for code in $(grep -oE '^ +[0-9]+  ' <<<"$biunzip_help" | tr -d ' '); do
  sed -n '/^## biunzip exit codes/,$p' "$doc" | grep -qE "^\| $code \|" || fail "biunzip exit $code undocumented"
done
# The artifact table is generated from `collector artifacts`; it must not drift.
eq "$(sed -n '/generated from `collector artifacts`/,/^$/p' "$doc" | grep -oE '^\| `[a-z_0-9]+`' | tr -d '|` ')" \
  "$(collect artifacts | awk '{print $1}')" "artifacts listed in docs/USAGE.md"
[[ ! -e $PPC_SOURCE_DIR/docs/USAGE-biunzip.md ]] || fail "docs/USAGE-biunzip.md should be merged into USAGE.md"
ok "docs/USAGE.md documents every flag and exit code of both tools, every biunzip command and every artifact"

# --- docs/USAGE.md's option tables are the option table, both ways -----------------------------
# The collector's declaration (collector/src/options_table.cpp, shown by --help) and the option
# tables under "## Options" have the same long options: none undocumented, none stale.
declared=$(grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z-]*(,--[a-z][a-z-]*)?' <<<"$help" | tr ',' '\n' |
  tr -d ' ' | grep -E '^--' | LC_ALL=C sort -u)
tabled=$(sed -n '/^# collector$/,/^## Sizes$/p' "$doc" | grep -E '^\| `-' | cut -d'|' -f2 |
  grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u)
[[ $(wc -l <<<"$declared") -ge 30 ]] || fail "found too few options in --help: $declared"
eq "$tabled" "$declared" "long options of docs/USAGE.md's collector option tables vs. the declaration"
# The collector.yaml key table lists every option a configuration file may set, and only those;
# the others are refused as keys.
not_configurable="--config --dry-run --help --version"
for opt in $not_configurable; do
  printf '%s: x\n' "${opt#--}" >nc.yaml
  expect_exit 2 collect --config nc.yaml --help
  contains "$ERR" "nc.yaml:1: '${opt#--}' cannot be set in a configuration file"
done
keys=$(sed -n '/^| value type | options | YAML |$/,/^$/p' "$doc" | grep -E '^\| [a-z]' | cut -d'|' -f3 |
  grep -oE '`[a-z][a-z-]*`' | tr -d '`' | sed 's/^/--/' | LC_ALL=C sort -u)
eq "$keys" "$(grep -vxF -f <(tr ' ' '\n' <<<"$not_configurable") <<<"$declared")" \
  "collector.yaml keys in docs/USAGE.md vs. the configurable options"
# biunzip: every row of the "option | commands" table is offered by each command it names.
while IFS='|' read -r _ names commands _; do
  for opt in $(grep -oE -- '--[a-z][a-z-]*' <<<"$names"); do
    while read -r cmd; do
      [[ -n $cmd ]] || continue
      # shellcheck disable=SC2086  # "timestamp verify" is two words
      grep -qE -- "(^|[ ,])$opt([ ,=]|$)" <<<"$("$BIUNZIP" $cmd --help)" ||
        fail "docs/USAGE.md says biunzip $cmd takes $opt; its --help does not list it"
    done < <(grep -oE '`[a-z ]+`' <<<"$commands" | tr -d '`')
  done
done < <(sed -n '/^| option | commands | |$/,/^$/p' "$doc" | grep -E '^\| `-')
ok "docs/USAGE.md's collector options and collector.yaml keys match the declaration; biunzip's table its commands"

# --- --version: version, commit, libraries ----------------------------------------------------
expect_exit 0 collect --version
version=$(sed -nE 's/^project\(ppc_collector VERSION ([0-9.]+).*/\1/p' "$PPC_SOURCE_DIR/CMakeLists.txt")
[[ -n $version ]] || fail "no project version in CMakeLists.txt"
first=$(head -1 <<<"$OUT")
[[ $first =~ ^collector\ ${version//./\\.}\ \(commit\ ([0-9a-f]{7,40}(-dirty)?|unknown)\)$ ]] ||
  fail "--version first line: $first"
for lib in openssl libarchive zstd sqlite yara; do
  grep -qE "^  $lib: .*[0-9]+\.[0-9]+" <<<"$OUT" || fail "--version lacks $lib's version: $OUT"
done
ok "--version: $first, five library versions"

# --- unknown flag: exit 2, one line -----------------------------------------------------------
expect_exit 2 collect --no-such-flag
eq "$(wc -l <<<"$ERR")" 1 "lines on stderr for an unknown flag"
contains "$ERR" "--no-such-flag"
[[ -z $OUT ]] || fail "an unknown flag printed on stdout: $OUT"
expect_exit 2 collect frobnicate
ok "unknown flag and stray argument exit 2 with one line"

# --- profiles / artifacts: exactly the names of rules/ ------------------------------------------
expect_exit 0 collect profiles
got=$(awk '{print $1}' <<<"$OUT" | LC_ALL=C sort)
want=$(sed -n 's/^name: *//p' "$PPC_SOURCE_DIR"/rules/profiles/*.yaml | tr -d '"' | LC_ALL=C sort)
eq "$got" "$want" "collector profiles"
for p in $want; do
  desc=$(sed -n 's/^description: *//p' "$PPC_SOURCE_DIR/rules/profiles/$p.yaml")
  contains "$OUT" "$desc"
done
expect_exit 0 collect artifacts
got=$(awk '{print $1}' <<<"$OUT" | LC_ALL=C sort)
want=$(sed -n 's/^- name: *//p' "$PPC_SOURCE_DIR"/rules/artifacts/*.yaml | tr -d '"' | LC_ALL=C sort)
eq "$got" "$want" "collector artifacts"
# live_only artifacts say so.
live=$(awk '/^- name:/{n=$3} /^  live_only: true/{print n}' "$PPC_SOURCE_DIR"/rules/artifacts/*.yaml)
[[ -n $live ]] || fail "no live_only artifact found in rules/"
for a in $live; do grep -qE "^$a .*\(live only\)$" <<<"$OUT" || fail "$a not marked live only"; done
ok "profiles ($(wc -w <<<"$(sed -n 's/^name: *//p' "$PPC_SOURCE_DIR"/rules/profiles/*.yaml)")) and artifacts ($(wc -l <<<"$want")) match rules/"

# --- usage errors: exit 2, one line naming the problem, no case directory -----------------------
make_password_file pass.txt
printf 'short\n' >short.txt
printf 'name: broken\ndescription: x\nartifacts: [users\nhashes: [sha256]\n' >broken.yaml
printf 'name: custom\ndescription: x\nartifacts:\n  - users\n  - no_such_artifact\n' >unknown-art.yaml
printf 'case-id: X\nno-such-key: 1\n' >badkey.yaml
printf 'case-id: X\ncollect: [a\n' >badsyntax.yaml
printf 'rule broken { condition: no_such_identifier }\n' >broken.yar
usage_error() {  # usage_error NEEDLE ARGS...
  local needle=$1
  shift
  rm -rf cases
  expect_exit 2 collect --case-dir cases "$@"
  eq "$(wc -l <<<"$ERR")" 1 "stderr lines of: $*"
  contains "$ERR" "$needle"
  [[ ! -e cases ]] || fail "a usage error created the case directory: $*"
}
usage_error "--recipient, --recipient-file, --password-file or --no-encrypt" --profile none
usage_error "at least 12 characters" --profile none --password-file short.txt
usage_error "--no-encrypt cannot be combined" --profile none --no-encrypt --recipient \
  ppc1atxmmkperi76kqz4i4hh73nwep5rlb3gku5qur5kda6jkekiynnkig5eb4
usage_error "--no-encrypt cannot be combined" --profile none --no-encrypt --password-file pass.txt
usage_error "unknown profile 'nosuch'" --profile nosuch --no-encrypt
usage_error "broken.yaml:4:" --profile ./broken.yaml --no-encrypt
usage_error "unknown-art.yaml:5:" --profile ./unknown-art.yaml --no-encrypt
usage_error "badkey.yaml:2: unknown option 'no-such-key'" --config badkey.yaml --no-encrypt
usage_error "badsyntax.yaml:" --config badsyntax.yaml --no-encrypt
usage_error "broken.yar:1:" --profile none --no-encrypt --rules broken.yar
usage_error "not a ppc1 recipient" --profile none --recipient ppc1-not-a-key
usage_error "unknown hash 'sha512'" --profile none --no-encrypt --hash sha256,sha512
usage_error "'12 parsecs' is not a size" --profile none --no-encrypt --max-file-size '12 parsecs'
usage_error "is not a size" --profile none --no-encrypt --max-package-size 1Q
usage_error "is not a size" --profile none --no-encrypt --min-free-space lots
usage_error "is not a size" --profile none --no-encrypt --scan-max-size big
usage_error "not in range 15 to 22" --profile none --password-file pass.txt --scrypt-work-factor 14
usage_error "not in range 15 to 22" --profile none --password-file pass.txt --scrypt-work-factor 23
usage_error "--log-format" --profile none --no-encrypt --log-format xml
usage_error "--root" --profile none --no-encrypt --root ./no-such-dir
usage_error "--password-file" --profile none --password-file ./no-such-file
usage_error "--recipient-file" --profile none --recipient-file ./no-such-file
usage_error "--threads" --profile none --no-encrypt --threads many
usage_error "--timeout" --profile none --no-encrypt --timeout soon
usage_error "--timeout" --profile none --no-encrypt --timeout -1
usage_error "--artifact-timeout" --profile none --no-encrypt --artifact-timeout -1
usage_error "--cpu-limit" --profile none --no-encrypt --cpu-limit 0
usage_error "--cpu-limit" --profile none --no-encrypt --cpu-limit 101
usage_error "--io-nice" --profile none --no-encrypt --io-nice realtime
usage_error "YYYY-MM-DD" --profile none --no-encrypt --scan /nonexistent --scan-modified-since yesterday
ok "usage errors exit 2 with one line and leave no case directory"

# --- exit 1: the case directory cannot be made ----------------------------------------------------------
printf 'a file, not a directory\n' >not-a-dir
expect_exit 1 collect --profile none --no-encrypt --case-dir not-a-dir/cases
eq "$(wc -l <<<"$ERR")" 1 "stderr lines when the case directory cannot be made"
contains "$ERR" "cannot create case directory"
ok "a case directory that cannot be created: exit 1 with one line"

# --- --dry-run: the plan and an estimate, nothing written ---------------------------------------
mkdir -p src/sub
printf '0123456789' >src/a
head -c 5000 /dev/zero >src/sub/b
listing() { find "$TEST_TMP" ! -name .out ! -name .err ! -name before.txt -printf '%p %y %s %T@\n' | sort; }
listing >before.txt
expect_exit 0 collect --dry-run --profile quick --case-dir cases --collect "$TEST_TMP/src/**"
[[ ! -e cases ]] || fail "--dry-run created the case directory"
diff before.txt <(listing) >/dev/null ||
  fail "--dry-run changed the working directory: $(diff before.txt <(listing))"
contains "$OUT" "profile quick:"
for a in $(sed -n '/^artifacts:/,/^[a-z]/s/^  - *//p' "$PPC_SOURCE_DIR/rules/profiles/quick.yaml" | tr -d '"' | grep -v '\*'); do
  grep -qE "^  $a +" <<<"$OUT" || fail "--dry-run does not list $a"
done
grep -qE '^  --collect +file +2 files' <<<"$OUT" || fail "--dry-run estimate of --collect: $OUT"
grep -qE '^total: [0-9]+ files, [0-9.]+ MiB .*nothing was written' <<<"$OUT" || fail "no total line: $OUT"
expect_exit 2 collect --dry-run --profile nosuch
ok "--dry-run lists the profile's artifacts with an estimate and writes nothing"

echo "collector_usage: $pass_count checks passed"
