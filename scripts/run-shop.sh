#!/usr/bin/env bash
# "Run the shop" for a newcomer: deps, release build, local MariaDB, secrets,
# server on 127.0.0.1:8080, demo catalog on first run. Ctrl-C stops the server
# and the database. Re-running reuses the build, data, secrets and catalog.
# (scripts/run-cluster.sh does the same with three nodes.)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { echo "run-shop: $*" >&2; }
# shellcheck source=scripts/lib/run-common.sh
. "$ROOT/scripts/lib/run-common.sh"

HTTP_ADDRESS=127.0.0.1
HTTP_PORT=8080
DB_PORT=3307
BASE="http://$HTTP_ADDRESS:$HTTP_PORT"
SERVER_LOG="$ROOT/.local/shop-server.log"

build_shop
require_free_port "$HTTP_ADDRESS" "$HTTP_PORT"

SERVER_PID=""
# shellcheck disable=SC2317  # called via trap
cleanup() {
  local rc=$?
  # A second Ctrl-C while cleaning up must not leave the database running.
  trap - EXIT
  trap "" INT TERM
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping shop-server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  scripts/db.sh stop || true
  exit "$rc"
}
# Installed before the DB starts so every later failure stops it again.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/db.sh start   # defaults: .local/mariadb, port 3307, database shop

load_secrets

export SHOP_HTTP_ADDRESS="$HTTP_ADDRESS" SHOP_HTTP_PORT="$HTTP_PORT"
export SHOP_DB_HOST=127.0.0.1 SHOP_DB_PORT="$DB_PORT"
export SHOP_DB_USER=shop SHOP_DB_PASSWORD=shop SHOP_DB_NAME=shop

# The server creates/migrates its own tables on start.
say "starting shop-server (log: $SERVER_LOG)"
"$SERVER" >>"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

if ! wait_ready "$SERVER_PID" "$BASE" "$SERVER_LOG"; then
  kill -0 "$SERVER_PID" 2>/dev/null || SERVER_PID=""
  exit 1
fi
say "shop-server ready at $BASE"

load_demo_catalog "$BASE"

cat <<EOF

The shop is running at $BASE (server log: $SERVER_LOG). Try:

$(print_examples "$BASE")

Admin token and JWT secret are in $SECRETS. Press Ctrl-C to stop the shop and its database.
EOF

# Stay in the foreground with the server; the traps clean up on exit.
set +e
wait "$SERVER_PID"
rc=$?
set -e
SERVER_PID=""
say "shop-server exited with status $rc"
exit "$rc"
