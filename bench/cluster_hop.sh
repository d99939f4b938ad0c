#!/usr/bin/env bash
# The cost of a hop between cluster nodes (issue 19, API.md "Cluster"): two shop-server nodes of
# one cluster on the bench MariaDB; the same requests sent to the node that owns the entity and to
# the other one, which forwards them over CAF, in alternating rounds of one run:
#  1. product detail (GET /api/products/{id}) of a product the first node owns, one connection
#     (latency: p50/p99 with nothing queued) and 16 connections (throughput, CPU per request of
#     both nodes together: a forwarded request costs CPU on both);
#  2. create+pay (bench/order_buy.lua) by users the first node owns, 16 connections: the user's
#     node commits the payment; the order and the option live wherever their shards are.
# ROUNDS (3) rounds of each; DURATION (10s) per measurement. Prints one line per measurement and
# the medians. Loopback only; both nodes share this machine's cores with MariaDB and wrk.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-3}"
USERS=2000
SQL=(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop shop_bench)
PORTS=(18081 18082)
NAMES=(a b)
PIDS=()

cleanup() {
  bench_stop_pids "${PIDS[@]}"
  bench_cleanup
}
trap cleanup EXIT
bench_build

bench_fresh_db
for i in 0 1; do
  env SHOP_HTTP_PORT="${PORTS[$i]}" SHOP_DB_PORT=3310 SHOP_DB_NAME=shop_bench \
    SHOP_ADMIN_TOKEN=$ADMIN SHOP_JWT_SECRET=bench-secret SHOP_ACTOR_THREADS=1 \
    SHOP_CLUSTER_NODE_ID="${NAMES[$i]}" SHOP_CLUSTER_PORT=$((PORTS[i] + 1000)) \
    SHOP_CLUSTER_LEASE_MS=2000 \
    "$SHOP_BIN" >"$BENCH_DIR/node-${NAMES[$i]}.log" 2>&1 &
  PIDS+=($!)
  sleep 1  # the first node migrates the schema alone
done
a="http://127.0.0.1:${PORTS[0]}"
b="http://127.0.0.1:${PORTS[1]}"
# Settled: each node owns half the shards (the second gets its share by handoff).
for _ in $(seq 1 120); do
  view="$(curl -s "$a/admin/cluster" -H "Authorization: Bearer $ADMIN" || true)"
  [[ "$(grep -oE '"shards":128,"status":"UP"' <<<"$view" | wc -l)" == 2 ]] && break
  sleep 0.5
done
grep -qE '"shards":128,"status":"UP".*"shards":128,"status":"UP"' <<<"$view" ||
  { echo "cluster_hop: the two nodes did not settle: $view" >&2; exit 1; }

post() {  # node path body
  curl -sf -X POST "$1$2" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$3"
}
owner() {  # type id -> node name (the entity is activated first through node a)
  curl -s "$a/admin/actors/$1/$2" -H "Authorization: Bearer $ADMIN" | grep -o '"node":"[^"]*"' | cut -d'"' -f4
}
# Products until one is owned by node a.
product=""
for p in $(seq 1 40); do
  id="$(post "$a" /admin/products '{"name":"hop","description":"bench","category":"c","price":1000,"options":[{"name":"M","stock":100000000}]}' |
    grep -o '"productId":[0-9]*' | head -1 | cut -d: -f2)"
  curl -s -o /dev/null "$a/api/products/$id"
  if [[ "$(owner product "$id")" == a ]]; then product="$id"; break; fi
done
[[ -n "$product" ]] || { echo "cluster_hop: no product landed on node a" >&2; exit 1; }
option="$(curl -s "$a/api/products/$product" | grep -o '"optionId":[0-9]*' | head -1 | cut -d: -f2)"

# Users funded in the database; those node a owns make the create+pay load.
"${SQL[@]}" -e "INSERT INTO users (id, name, balance, created_at, version)
  SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_$USERS"
all_tokens="$BENCH_DIR/hop-all-tokens.txt"
tokens="$BENCH_DIR/hop-tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 "$USERS" >"$all_tokens"
: >"$tokens"
while read -r id token; do
  curl -s -o /dev/null "$a/api/users/$id/balance" -H "Authorization: Bearer $token"
  [[ "$(owner user "$id")" == a ]] && echo "$id $token" >>"$tokens"
done <"$all_tokens"
echo "product $product (option $option) and $(wc -l <"$tokens") of $USERS users are owned by node a"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
both() { echo $(($(ticks "${PIDS[0]}") + $(ticks "${PIDS[1]}"))); }
hz="$(getconf CLK_TCK)"
measure() {  # url connections script-or-path -> "req/s p50_ms p99_ms cpu_us_per_req (both nodes)"
  local url="$1" c="$2" what="$3" t0 t1 out args=()
  if [[ "$what" == *.lua ]]; then args=(-s "$what" "$url"); else args=("$url$what"); fi
  t0="$(both)"
  out="$(TOKENS_FILE="$tokens" OPTION_FIRST="$option" OPTION_COUNT=1 \
    wrk -t1 -c"$c" -d"$DURATION" --latency "${args[@]}" 2>/dev/null)"
  t1="$(both)"
  read -r rps p50 p99 < <(echo "$out" | wrk_summary)
  local n
  n="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$rps $p50 $p99 $(awk -v t=$((t1 - t0)) -v n="$n" -v hz="$hz" 'BEGIN {printf "%.0f", t * 1e6 / hz / n}')"
}
# Warm-up: the product, the option and the users' actors are live on node a.
wrk -t1 -c16 -d3s "$a/api/products/$product" >/dev/null
TOKENS_FILE="$tokens" OPTION_FIRST="$option" OPTION_COUNT=1 wrk -t1 -c16 -d3s -s "$ROOT/bench/order_buy.lua" "$a" >/dev/null

declare -A all=()
for round in $(seq 1 "$ROUNDS"); do
  for case in "read1 /api/products/$product 1" "read16 /api/products/$product 16" "buy16 $ROOT/bench/order_buy.lua 16"; do
    read -r name what c <<<"$case"
    for node in owner other; do
      url="$a"; [[ "$node" == other ]] && url="$b"
      read -r rps p50 p99 cpu < <(measure "$url" "$c" "$what")
      echo "round $round $name via $node: req/s=$rps p50=${p50}ms p99=${p99}ms cpu_us/req=$cpu"
      all[$name.$node.rps]+=" $rps"; all[$name.$node.p50]+=" $p50"
      all[$name.$node.p99]+=" $p99"; all[$name.$node.cpu]+=" $cpu"
    done
  done
done
echo "medians of $ROUNDS rounds (owner -> other):"
for name in read1 read16 buy16; do
  line="$name:"
  for f in rps p50 p99 cpu; do
    o="$(echo "${all[$name.owner.$f]}" | median)"
    x="$(echo "${all[$name.other.$f]}" | median)"
    line+=" $f $o -> $x"
  done
  echo "$line"
done
