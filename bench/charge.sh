#!/usr/bin/env bash
# POST /api/users/{id}/balance/charge through HTTP with customer JWTs: USERS users (default 1000),
# wrk -t1 -c64 keep-alive, every answer a durable ack (committed before the 200). Runs without
# and with an Idempotency-Key per request, then checks that the database holds every won that
# was acknowledged. Results go to stdout; docs/benchmarks.md records them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build
USERS="${USERS:-1000}"

bench_start_floor
wrk -t1 -c64 -d2s "http://127.0.0.1:$FLOOR_PORT/" >/dev/null  # warm-up
read -r floor_rps _ floor_p99 < <(wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$FLOOR_PORT/" | wrk_summary)
bench_stop_floor

bench_start_shop "$@"
users_file="$BENCH_DIR/users.txt"
: >"$users_file"
for _ in $(seq 1 "$USERS"); do
  admin_post /admin/users '{"name":"bench","initialBalance":0}' |
    python3 -c 'import json,sys; u=json.load(sys.stdin); print(u["userId"], u["token"])' >>"$users_file"
done
url="http://127.0.0.1:$SHOP_PORT"
export USERS_FILE="$users_file"

run() {  # label, KEYED value
  local out
  out="$(KEYED=$2 wrk -t1 -c64 -d"$DURATION" --latency -s "$ROOT/bench/charge.lua" "$url")"
  read -r rps p50 p99 < <(echo "$out" | wrk_summary)
  local non2xx
  non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
  echo "$1 req/s=$rps p50=${p50}ms p99=${p99}ms non-2xx=${non2xx:-0}"
}

KEYED=0 wrk -t1 -c64 -d2s -s "$ROOT/bench/charge.lua" "$url" >/dev/null  # warm-up: activates users
plain="$(run "charge              " 0)"
keyed="$(run "charge + key        " 1)"
sleep 1  # let the last in-flight commits land
acked_sum=$(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop shop_bench -e "SELECT SUM(balance) FROM users")
records=$(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop shop_bench -e "SELECT COUNT(*) FROM idempotency_keys")

echo "beast_floor          req/s=$floor_rps p99=${floor_p99}ms"
echo "$plain"
echo "$keyed"
echo "users=$USERS  won in users.balance (SQL)=$acked_sum  idempotency records=$records"
