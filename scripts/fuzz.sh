#!/usr/bin/env bash
# Builds the fuzz targets (preset fuzz, tests/fuzz/README.md) and runs each over its seed corpus for
# a fixed time under ASan + UBSan; fails if any target finds a crash. Installs nothing
# (scripts/install-deps.sh does). New inputs go to a scratch directory, so the seeds in the repo
# stay as they are; a crashing input is kept in build/fuzz/findings/.
#
# Usage: scripts/fuzz.sh [--seconds N] [--target NAME] [--parallel] [--timeout N]   (default: 20 s
# each, every target, one after the other; --parallel runs them all at once; --timeout is how long
# one input may run before it counts as a hang, 10 s by default: raise it when the targets share
# the cores with other work, or a starved input reads as a hang)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECS=20
ONLY=""
PARALLEL=0
TIMEOUT=10
while (($#)); do
  case "$1" in
    --seconds) SECS="${2:?--seconds needs a value}"; shift 2 ;;
    --seconds=*) SECS="${1#*=}"; shift ;;
    --target) ONLY="${2:?--target needs a value}"; shift 2 ;;
    --target=*) ONLY="${1#*=}"; shift ;;
    --parallel) PARALLEL=1; shift ;;
    --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    -h|--help) sed -n '7,10p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$SECS" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --seconds must be a positive number" >&2; exit 2; }
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: --timeout must be a positive number" >&2; exit 2; }

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2

BIN="$ROOT/build/fuzz/tests/fuzz"
OUT="$ROOT/build/fuzz/runs"
FINDINGS="$ROOT/build/fuzz/findings"
mkdir -p "$OUT" "$FINDINGS"

targets=()
for src in tests/fuzz/*_fuzz.cpp; do
  name="$(basename "$src" _fuzz.cpp)"
  [[ -z "$ONLY" || "$ONLY" == "$name" ]] && targets+=("$name")
done
((${#targets[@]})) || { echo "fuzz.sh: no target named '$ONLY'" >&2; exit 2; }

# Leaks are reported too (per input, by libFuzzer); any report aborts the run.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Runs one target over its seeds; prints its verdict, returns non-zero on a finding.
run_target() {
  local name="$1" scratch="$OUT/$1.corpus" log="$OUT/$1.log" rc execs
  rm -rf "$scratch"
  mkdir -p "$scratch"
  set +e
  "$BIN/${name}_fuzz" -max_total_time="$SECS" -timeout="$TIMEOUT" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$FINDINGS/$name-" "$scratch" "tests/fuzz/corpus/$name" >"$log" 2>&1
  rc=$?
  set -e
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  if ((rc == 0)); then
    echo "fuzz.sh: $name: ok, ${execs:-?} inputs in ${SECS}s"
  else
    echo "fuzz.sh: $name: FAILED (exit $rc), log $log; last lines:" >&2
    tail -n 40 "$log" >&2
  fi
  return "$rc"
}

failed=()
if ((PARALLEL)); then
  declare -A pids
  for name in "${targets[@]}"; do
    run_target "$name" &
    pids[$name]=$!
  done
  for name in "${targets[@]}"; do
    wait "${pids[$name]}" || failed+=("$name")
  done
else
  for name in "${targets[@]}"; do
    run_target "$name" || failed+=("$name")
  done
fi

if ((${#failed[@]})); then
  echo "fuzz.sh: crashes in: ${failed[*]} (inputs in $FINDINGS)" >&2
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets ran ${SECS}s each without a finding"
