#!/usr/bin/env bash
# Runs one shop-chaos command again and again until it fails, for faults that show in one run of
# several (tests/chaos/README.md, "Repeating a run"). The database settings come from the
# environment, as for shop-chaos itself.
#
#   tests/chaos/repeat.sh [--runs N] [--busy-core] [--keep-logs DIR] -- <shop-chaos> <args...>
#
# --busy-core keeps one core busy with a shell loop meanwhile: a slower machine (as CI is, under
# ASan) opens the timing windows a fast one hides. Each run's output goes to DIR/run-<i>.log.
# Exit 0: every run passed; otherwise the failing run's exit code.
set -euo pipefail

runs=10
busy=0
logs=$(mktemp -d /tmp/shop-chaos-repeat.XXXXXX)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --busy-core) busy=1; shift ;;
    --keep-logs) logs="$2"; mkdir -p "$logs"; shift 2 ;;
    --) shift; break ;;
    *) echo "repeat.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "repeat.sh: no shop-chaos command after --" >&2; exit 2; }

hog=""
if [[ $busy == 1 ]]; then
  ( while :; do :; done ) &
  hog=$!
  trap 'kill $hog 2>/dev/null || true' EXIT
fi

for ((i = 1; i <= runs; i++)); do
  set +e
  "$@" > "$logs/run-$i.log" 2>&1
  rc=$?
  set -e
  echo "run $i/$runs: exit $rc ($(grep -m1 '^RESULT' "$logs/run-$i.log" || echo 'no result line'))"
  if [[ $rc != 0 ]]; then
    echo "repeat.sh: run $i failed; its output: $logs/run-$i.log"
    exit "$rc"
  fi
done
echo "repeat.sh: $runs runs passed (logs in $logs)"
