#!/usr/bin/env bash
# US-008 + US-009 (create an order, pay it) under load, side by side in one session:
#  1. the stories' own lock-based design (../shared/bench/seed_design_order.sql) in MariaDB alone,
#     mariadb-slap, 64 clients, one hot option, same MariaDB and durability settings;
#  2. shop-server, wrk -t1 -c64 keep-alive: every connection creates an order of one unit and pays
#     it, round after round, 10,000 funded users; on the hot option, then over 1,000 options;
#  3. the Beast floor's CPU per request, for the budget any HTTP server starts from;
#  4. create+pay latency at half the hot option's maximum rate (p50 / p99 of both requests), and
#     one request at a time as its baseline.
# A buy is a PAID order (counted in the database afterwards), each acknowledged after commit.
# Runs of one build move by up to 25 % on this VM, so the seed and the hot option run in turns,
# ROUNDS times (default 3), and the hot ratio is the median of the rounds' ratios.
# HOT_ONLY=1: the shop's hot-option rounds alone, for A/B runs of a change (no seed, no ratio).
# Arguments are extra environment for shop-server, e.g. SHOP_ACTOR_THREADS=2.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build
QUERIES="${QUERIES:-20000}"
USERS=10000
SQL=(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop)
secs_of() { echo "${1%s}"; }  # DURATION in seconds, e.g. 10s

ROUNDS="${ROUNDS:-3}"
HOT_ONLY="${HOT_ONLY:-0}"

# 1. Baseline in a scratch schema of the bench MariaDB, loaded afresh for every round.
seed_round() {  # -> buys/s
  local slap secs seed_paid
  "${SQL[@]}" seed_order <"$SHARED/bench/seed_design_order.sql"
  slap="$(mariadb-slap -h127.0.0.1 -P3310 -ushop -pshop --create-schema=seed_order --concurrency=64 \
    --number-of-queries="$QUERIES" --query="CALL buy(1 + FLOOR(RAND()*10000), 1)" 2>&1)"
  secs="$(echo "$slap" | awk '/Average number of seconds to run all queries/ {print $(NF-1)}')"
  seed_paid="$("${SQL[@]}" seed_order -e "SELECT COUNT(*) FROM orders WHERE status = 'PAID'")"
  awk -v q="$seed_paid" -v s="$secs" 'BEGIN {printf "%.0f", q / s}'
}
"$ROOT/scripts/db.sh" start "${DB_ARGS[@]}" >/dev/null
"$ROOT/scripts/db.sh" start --dir "$BENCH_DIR/db" --port 3310 --name seed_order >/dev/null

# 2. The shop: users funded in the database (the server activates them from their rows).
bench_start_shop "$@"
"${SQL[@]}" shop_bench -e "INSERT INTO users (id, name, balance, created_at, version)
  SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_$USERS"
tokens="$BENCH_DIR/order-tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 "$USERS" >"$tokens"
admin_post /admin/products '{"name":"hot","description":"bench","category":"apparel","price":1000,"options":[{"name":"M","stock":100000000}]}' >/dev/null
for p in $(seq 1 100); do
  opts="$(for o in $(seq 1 10); do printf '{"name":"o%d","stock":1000000},' "$o"; done)"
  admin_post /admin/products "{\"name\":\"p$p\",\"description\":\"bench\",\"category\":\"c\",\"price\":1000,\"options\":[${opts%,}]}" >/dev/null
done
url="http://127.0.0.1:$SHOP_PORT"
export TOKENS_FILE="$tokens"
paid() { "${SQL[@]}" shop_bench -e "SELECT COUNT(*) FROM orders WHERE status = 'PAID'"; }
run() {  # first-option option-count -> "buys/s req/s p99 server_us mariadb_us wrk_us"
  local before after out
  before="$(paid)"
  cpu_mark
  out="$(OPTION_FIRST=$1 OPTION_COUNT=$2 cpu_wrk -t1 -c64 -d"$DURATION" --latency -s "$ROOT/bench/order_buy.lua" "$url")"
  after="$(paid)"
  read -r rps _ p99 < <(echo "$out" | wrk_summary)
  echo "$(awk -v n=$((after - before)) -v s="$(secs_of "$DURATION")" 'BEGIN {printf "%.0f", n / s}') $rps $p99 $(cpu_report $((after - before)))"
}
# Warm-up: every user's actor is loaded once (so no run measures loads), then the options' actors.
wrk -t1 -c64 -d120s -s "$ROOT/bench/warm_users.lua" "$url" >/dev/null
OPTION_FIRST=2 OPTION_COUNT=1000 wrk -t1 -c64 -d3s -s "$ROOT/bench/order_buy.lua" "$url" >/dev/null
# The rounds: seed, then the shop on the hot option. CPU per buy is the last round's.
hot_all="" seed_all="" ratios=""
for round in $(seq 1 "$ROUNDS"); do
  [[ "$HOT_ONLY" == 1 ]] || seed_rate="$(seed_round)"
  read -r hot_buys hot_rps hot_p99 hot_cpu_server hot_cpu_db hot_cpu_wrk < <(run 1 1)
  hot_all+=" $hot_buys"
  line="round $round: shop hot buys/s=$hot_buys req/s=$hot_rps p99=${hot_p99}ms CPU per buy (us) server=$hot_cpu_server mariadb=$hot_cpu_db wrk=$hot_cpu_wrk"
  if [[ "$HOT_ONLY" != 1 ]]; then
    ratio="$(awk -v a="$hot_buys" -v b="$seed_rate" 'BEGIN {printf "%.3f", a/b}')"
    seed_all+=" $seed_rate"
    ratios+=" $ratio"
    line+=" seed buys/s=$seed_rate ratio=$ratio"
  fi
  echo "$line"
done
if [[ "$HOT_ONLY" == 1 ]]; then
  echo "shop hot option, median of $ROUNDS rounds: buys/s=$(echo $hot_all | median)"
  exit 0
fi
read -r many_buys many_rps many_p99 _ _ _ < <(run 2 1000)

# 4. Half load on the hot option: wrk has no rate option, so connections pause PACE_MS (1 ms)
#    before each request and their number is tuned once to land near half the last round's rate.
half=$((hot_rps / 2))
conns=$(( (half + 299) / 300 ))
read -r probe_rps _ _ < <(PACE_MS=1 OPTION_FIRST=1 OPTION_COUNT=1 wrk -t1 -c"$conns" -d5s --latency -s "$ROOT/bench/order_buy.lua" "$url" | wrk_summary)
conns=$(awk -v c="$conns" -v h="$half" -v p="$probe_rps" 'BEGIN {n = int(c * h / p + 0.5); print (n < 1 ? 1 : n)}')
read -r half_rps half_p50 half_p99 < <(PACE_MS=1 OPTION_FIRST=1 OPTION_COUNT=1 wrk -t1 -c"$conns" -d"$DURATION" --latency -s "$ROOT/bench/order_buy.lua" "$url" | wrk_summary)
# Its baseline: the same requests one at a time (one connection, 5 ms apart), so nothing queues
# anywhere: what a create or a payment takes on its own (two actor exchanges and a commit).
# The server's own histograms around it say where a lone request's time goes (bench/metrics_delta.py).
curl -sf "$url/metrics" >"$BENCH_DIR/light-before.prom"
read -r light_rps light_p50 light_p99 < <(PACE_MS=5 OPTION_FIRST=1 OPTION_COUNT=1 wrk -t1 -c1 -d"$DURATION" --latency -s "$ROOT/bench/order_buy.lua" "$url" | wrk_summary)
curl -sf "$url/metrics" >"$BENCH_DIR/light-after.prom"
pending="$("${SQL[@]}" shop_bench -e "SELECT COUNT(*) FROM orders WHERE status = 'PENDING'")"

# 3. The floor (../shared/bench/beast_floor.cpp): the CPU a Beast server that only answers spends
#    per request, wrk without a script. A buy is two requests, so twice this is what any HTTP
#    server would spend per buy before doing any of the shop's work.
bench_start_floor
floor_ticks0="$(cpu_ticks "$FLOOR_PID")"
floor_rps="$(cpu_wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$FLOOR_PORT/" | wrk_summary | cut -d' ' -f1)"
floor_us="$(awk -v t=$(($(cpu_ticks "$FLOOR_PID") - floor_ticks0)) -v hz="$(getconf CLK_TCK)" \
  -v n="$floor_rps" -v s="$(secs_of "$DURATION")" 'BEGIN {printf "%.1f", t * 1e6 / hz / (n * s)}')"
bench_stop_floor

seed_median="$(echo $seed_all | median)"
echo "seed design (mariadb-slap c64, $QUERIES calls), median of $ROUNDS rounds  buys/s=$seed_median"
echo "shop hot option (wrk c64), median of $ROUNDS rounds  buys/s=$(echo $hot_all | median)"
echo "shop 1,000 options (wrk c64)   buys/s=$many_buys  req/s=$many_rps p99=${many_p99}ms"
echo "half load, hot option ($conns conns paced, target $half req/s)  req/s=$half_rps p50=${half_p50}ms p99=${half_p99}ms"
echo "light load, hot option (1 conn paced 5 ms, the baseline)  req/s=$light_rps p50=${light_p50}ms p99=${light_p99}ms"
echo "light load, where a request's time goes (server histograms, means):"
python3 "$ROOT/bench/metrics_delta.py" "$BENCH_DIR/light-before.prom" "$BENCH_DIR/light-after.prom"
echo "CPU per hot buy (us), last round  server=$hot_cpu_server mariadb=$hot_cpu_db wrk=$hot_cpu_wrk"
echo "  2 cores / (mariadb + wrk)    $(awk -v d="$hot_cpu_db" -v w="$hot_cpu_wrk" 'BEGIN {printf "%.0f", 2e6 / (d + w)}') buys/s at most, for any server doing this database work"
echo "Beast floor: server CPU per request (us) $floor_us at $floor_rps req/s; per buy (2 requests) $(awk -v f="$floor_us" 'BEGIN {printf "%.0f", 2 * f}')"
# The most any Beast server doing this database work could reach here: one that spends only the
# floor's CPU on its two requests and nothing on the shop's own work.
floor_bound="$(awk -v d="$hot_cpu_db" -v w="$hot_cpu_wrk" -v f="$floor_us" 'BEGIN {printf "%.0f", 2e6 / (d + w + 2 * f)}')"
echo "  2 cores / (mariadb + wrk + 2 x floor)  $floor_bound buys/s at most, $(awk -v a="$floor_bound" -v b="$seed_median" 'BEGIN {printf "%.2f", a/b}')x the seed median"
echo "orders left PENDING (a create whose payment wrk never sent at the end): $pending"
echo "ratio hot / seed, median of the rounds  $(echo $ratios | median | awk '{printf "%.2f", $1}')"
echo "ratio many / seed median        $(awk -v a="$many_buys" -v b="$seed_median" 'BEGIN {printf "%.2f", a/b}')"
