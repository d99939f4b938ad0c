#!/usr/bin/env bash
# One node against three for create+pay (issue 19, informational: on this 2-core machine the
# nodes, MariaDB and wrk share the same cores, so three nodes cannot be faster here). What it
# measures is the CPU the shop spends per buy with one node and with three (each request lands on
# a random node; the entities it touches live wherever their shards are), and the database's CPU
# per buy, which together give the paper estimate in docs/benchmarks.md of how throughput grows
# when each node has cores of its own.
#  1. a lone node (no cluster settings), wrk -t1 -c48 over 1,000 options;
#  2. three nodes of one cluster, the same data, one wrk -t1 -c16 per node, at the same time.
# Each phase: ROUNDS (3) measurements of DURATION (10s); prints buys/s, p99 and CPU per buy of the
# node(s), MariaDB and wrk, and the forwarded requests per buy in phase 2.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-3}"
USERS=10000
SQL=(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop shop_bench)
PORTS=(18081 18082 18083)
PIDS=()

stop_nodes() {
  bench_stop_pids "${PIDS[@]}"
  PIDS=()
}
trap 'stop_nodes; bench_cleanup' EXIT
bench_build
db_pid() { cat "$BENCH_DIR/db/mysqld.pid"; }
start_nodes() {  # count (1: a lone node)
  local n="$1" i extra
  for i in $(seq 0 $((n - 1))); do
    extra=()
    if ((n > 1)); then
      extra=(SHOP_CLUSTER_NODE_ID="n$i" SHOP_CLUSTER_PORT=$((PORTS[i] + 1000)) SHOP_CLUSTER_LEASE_MS=5000
        SHOP_ACTOR_THREADS=1 SHOP_HTTP_IO_THREADS=1)
    fi
    env SHOP_HTTP_PORT="${PORTS[$i]}" SHOP_DB_PORT=3310 SHOP_DB_NAME=shop_bench \
      SHOP_ADMIN_TOKEN=$ADMIN SHOP_JWT_SECRET=bench-secret "${extra[@]}" \
      "$SHOP_BIN" >"$BENCH_DIR/scale-$n-$i.log" 2>&1 &
    PIDS+=($!)
    sleep 1  # the first node migrates the schema alone
  done
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:${PORTS[0]}/health/ready" >/dev/null && break
    sleep 0.25
  done
  ((n == 1)) && return 0
  for _ in $(seq 1 240); do
    python3 - "$(curl -s "http://127.0.0.1:${PORTS[0]}/admin/cluster" -H "Authorization: Bearer $ADMIN")" "$n" <<'EOF' && return 0
import json, sys
try:
    v = json.loads(sys.argv[1])
except ValueError:
    sys.exit(1)
n = int(sys.argv[2])
up = [x for x in v["nodes"] if x["status"] == "UP"]
sys.exit(0 if len(up) == n and all(x["shards"] >= v["shards"] // n for x in up) else 1)
EOF
    sleep 0.25
  done
  echo "cluster_scale: the nodes did not settle" >&2
  exit 1
}
load_data() {
  local url="http://127.0.0.1:${PORTS[0]}" p opts
  "${SQL[@]}" -e "INSERT INTO users (id, name, balance, created_at, version)
    SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_$USERS"
  for p in $(seq 1 100); do
    opts="$(for o in $(seq 1 10); do printf '{"name":"o%d","stock":1000000},' "$o"; done)"
    curl -sf -X POST "$url/admin/products" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"p$p\",\"description\":\"bench\",\"category\":\"c\",\"price\":1000,\"options\":[${opts%,}]}" >/dev/null
  done
}
tokens="$BENCH_DIR/scale-tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 "$USERS" >"$tokens"
paid() { "${SQL[@]}" -e "SELECT COUNT(*) FROM orders WHERE status = 'PAID'"; }
nodes_ticks() { local t=0 p; for p in "${PIDS[@]}"; do t=$((t + $(cpu_ticks "$p"))); done; echo "$t"; }
forwards() {  # sum over the nodes of shop_cluster_forwards_total (any labels)
  local t=0 i
  for i in $(seq 0 $((${#PIDS[@]} - 1))); do
    t=$((t + $(curl -s "http://127.0.0.1:${PORTS[$i]}/metrics" | awk '/^shop_cluster_forwards_total\{outcome="sent"\}/ {s += $NF} END {printf "%d", s}')))
  done
  echo "$t"
}
measure() {  # node count -> "buys/s p99_ms node_us db_us wrk_us forwards_per_buy"
  local n="$1" i before after n0 d0 f0 f1 outs=() secs
  secs="${DURATION%s}"
  before="$(paid)" n0="$(nodes_ticks)" d0="$(cpu_ticks "$(db_pid)")" f0="$(forwards)"
  local c=$((48 / n)) TIMEFORMAT='%U %S' wrk_pids=()
  for i in $(seq 0 $((n - 1))); do
    { time OPTION_FIRST=2 OPTION_COUNT=1000 TOKENS_FILE="$tokens" \
      wrk -t1 -c"$c" -d"$DURATION" --latency -s "$ROOT/bench/order_buy.lua" "http://127.0.0.1:${PORTS[$i]}" \
      >"$BENCH_DIR/scale-wrk-$i.txt" 2>/dev/null; } 2>"$BENCH_DIR/scale-wrk-cpu-$i.txt" &
    wrk_pids+=($!)
  done
  wait "${wrk_pids[@]}"
  after="$(paid)" f1="$(forwards)"
  local buys=$((after - before))
  local p99 wrk_s=0
  p99="$(for i in $(seq 0 $((n - 1))); do wrk_summary <"$BENCH_DIR/scale-wrk-$i.txt" | cut -d' ' -f3; done | sort -g | tail -1)"
  wrk_s="$(cat "$BENCH_DIR"/scale-wrk-cpu-*.txt | awk '{s += $1 + $2} END {print s}')"
  awk -v b="$buys" -v s="$secs" -v p="$p99" -v nt=$(($(nodes_ticks) - n0)) -v dt=$(($(cpu_ticks "$(db_pid)") - d0)) \
    -v w="$wrk_s" -v f=$((f1 - f0)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%.0f %s %.0f %.0f %.0f %.2f\n", b / s, p, nt * 1e6 / hz / b, dt * 1e6 / hz / b, w * 1e6 / b, f / b}'
  rm -f "$BENCH_DIR"/scale-wrk-cpu-*.txt
}
for n in 1 3; do
  stop_nodes
  bench_fresh_db
  start_nodes "$n"
  load_data
  # Warm-up: every user's and option's actor is live (on its owner) before anything is measured.
  TOKENS_FILE="$tokens" wrk -t1 -c48 -d60s -s "$ROOT/bench/warm_users.lua" "http://127.0.0.1:${PORTS[0]}" >/dev/null 2>&1 || true
  OPTION_FIRST=2 OPTION_COUNT=1000 TOKENS_FILE="$tokens" wrk -t1 -c48 -d5s -s "$ROOT/bench/order_buy.lua" \
    "http://127.0.0.1:${PORTS[0]}" >/dev/null 2>&1
  all=""
  for round in $(seq 1 "$ROUNDS"); do
    read -r buys p99 node_us db_us wrk_us fwd < <(measure "$n")
    echo "$n node(s), round $round: buys/s=$buys p99=${p99}ms CPU per buy (us) nodes=$node_us mariadb=$db_us wrk=$wrk_us forwards/buy=$fwd"
    all+=" $buys"
  done
  echo "$n node(s): median buys/s=$(echo "$all" | median)"
done
