#!/usr/bin/env bash
# THE test command (README, .ci/run): install deps, build a preset, start a
# dedicated throw-away MariaDB for the tests, run ctest, always stop the DB.
#
# Usage: scripts/test.sh [--preset release|asan|debug]   (default: release)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PRESET=release
while (($#)); do
  case "$1" in
    --preset) PRESET="${2:?--preset needs a value}"; shift 2 ;;
    --preset=*) PRESET="${1#*=}"; shift ;;
    -h|--help) sed -n '5p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
    *) echo "test.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$PRESET" in
  release|asan|debug) ;;
  *) echo "test.sh: unknown preset '$PRESET' (release|asan|debug)" >&2; exit 2 ;;
esac

scripts/install-deps.sh

cmake --preset "$PRESET"
cmake --build --preset "$PRESET" -j2

# A test database of its own (port 3308, inside the build tree) so tests never
# touch the developer's .local/mariadb on 3307 and can be wiped with build/.
DB_PORT=3308
DB_NAME=shop_test
DB_DIR="$ROOT/build/$PRESET/test-db"
DB=("$ROOT/scripts/db.sh")
DB_OPTS=(--dir "$DB_DIR" --port "$DB_PORT" --name "$DB_NAME")

# shellcheck disable=SC2317  # called via trap
stop_db() {
  local rc=$?
  # A second Ctrl-C while cleaning up must not leave the database running.
  trap - EXIT
  trap "" INT TERM
  "${DB[@]}" stop "${DB_OPTS[@]}" || echo "test.sh: warning: could not stop test DB" >&2
  exit "$rc"
}
# Installed before start so a half-started server is stopped too.
trap stop_db EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# db.sh fails with a clear message if 3308 is taken by something else.
"${DB[@]}" start "${DB_OPTS[@]}"

export SHOP_DB_HOST=127.0.0.1
export SHOP_DB_PORT="$DB_PORT"
export SHOP_DB_USER=shop
export SHOP_DB_PASSWORD=shop
export SHOP_DB_NAME="$DB_NAME"
# Full shell commands a test runs with std::system() to take the database
# down and bring it back (outage/reconnect tests). %q keeps odd paths intact.
SHOP_TEST_DB_STOP="$(printf '%q ' "${DB[@]}" stop "${DB_OPTS[@]}")"
SHOP_TEST_DB_START="$(printf '%q ' "${DB[@]}" start "${DB_OPTS[@]}")"
export SHOP_TEST_DB_STOP="${SHOP_TEST_DB_STOP% }"
export SHOP_TEST_DB_START="${SHOP_TEST_DB_START% }"

if [[ "$PRESET" == asan ]]; then
  # Leak checking is off: CAF and Connector/C++ keep process-lifetime
  # allocations that would drown real reports. Abort so ctest sees a failure.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

# --no-tests=error: a build that registers no test must not pass as green.
set +e
ctest --test-dir "build/$PRESET" --output-on-failure --timeout 600 --no-tests=error
rc=$?
set -e
exit "$rc"
