#!/usr/bin/env bash
# Live entity actors: N option actors (default 1,000,000; ~2,000 activations a second here, so
# N=300000 is a 3-minute run and RSS per actor extrapolates), each with its row loaded, kept live
# (idle time-out of a day), then the server's RSS per live actor and what a cold activation costs
# MariaDB (its own statement counters, with the same idle time's background statements taken
# away). Option rows go straight into the database, PER_PRODUCT to a product; activation is one
# request per option to GET /admin/actors/option/{id}?activate=true (wrk -t1 -c64).
# Baseline in the same run: the server's RSS with no entity live. Issue 20's target: 1,000,000 in
# <= 2 GiB RSS, a cold activation in <= 1 database round trip.
# Arguments are extra environment for shop-server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build
N="${N:-1000000}"
PER_PRODUCT="${PER_PRODUCT:-1000}"
SQL=(mariadb -N -h127.0.0.1 -P"$DB_PORT" -ushop -pshop shop_bench)

bench_start_shop SHOP_ACTOR_IDLE_TTL_MS=86400000 "$@"
products=$(( (N + PER_PRODUCT - 1) / PER_PRODUCT ))
"${SQL[@]}" -e "INSERT INTO products (id, name, description, category, price, available, created_at, version)
  SELECT seq, CONCAT('p', seq), 'bench', 'c', 1000, 1, NOW(3), 1 FROM seq_1_to_$products"
"${SQL[@]}" -e "INSERT INTO product_options (id, product_id, name, additional_price, stock, reserved_stock, version, received)
  SELECT seq, 1 + (seq - 1) DIV $PER_PRODUCT, CONCAT('o', seq), 0, 100, 0, 1, 100 FROM seq_1_to_$N"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
live_options() {
  curl -sf "http://127.0.0.1:$SHOP_PORT/metrics" |
    awk '/^shop_actor_activations_total\{kind="option"\}/ {a = $2} /^shop_actor_passivations_total\{kind="option"\}/ {p = $2} END {printf "%d", a - p}'
}
# The database statements of the run: prepares, executes, plain queries (Com_select covers the
# SELECTs of both kinds, so it is shown, not added).
db_counters() {
  "${SQL[@]}" -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_execute', 'Com_select', 'Questions')" |
    awk '{v[$1] = $2} END {print v["Com_stmt_prepare"] + 0, v["Com_stmt_execute"] + 0, v["Com_select"] + 0, v["Questions"] + 0}'
}

sleep 2
rss0="$(rss_kb)"
read -r p0 e0 s0 q0 < <(db_counters)
t0="$(date +%s.%N)"
ADMIN_TOKEN="$ADMIN" FIRST=1 COUNT="$N" wrk -t1 -c64 -d3600s -s "$ROOT/bench/activate_options.lua" \
  "http://127.0.0.1:$SHOP_PORT" | grep -E 'activate_options|Requests/sec'
t1="$(date +%s.%N)"
read -r p1 e1 s1 q1 < <(db_counters)
secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')"
# Then IDLE_S (30) seconds with nothing asked: the server's own jobs' statements per second,
# scaled to the run's length and taken away below.
IDLE_S="${IDLE_S:-30}"
sleep "$IDLE_S"
read -r p2 e2 s2 q2 < <(db_counters)
scale="$(awk -v s="$secs" -v i="$IDLE_S" 'BEGIN {printf "%.4f", s / i}')"
live="$(live_options)"
rss1="$(rss_kb)"

per() { awk -v d="$1" -v idle="$2" -v k="$scale" -v n="$N" 'BEGIN {printf "%.2f", (d - idle * k) / n}'; }
echo "options activated: $N in ${secs}s ($(awk -v n="$N" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')/s); live option actors now: $live"
echo "RSS: ${rss0} KB with none live (baseline), ${rss1} KB with $live live: $(awk -v a="$rss0" -v b="$rss1" -v n="$live" 'BEGIN {printf "%.0f bytes per live option actor; %.2f GiB for 1,000,000", (b - a) * 1024 / n, (a + (b - a) * 1000000 / n) / 1048576}')"
echo "per activation (idle background taken away): prepares=$(per $((p1 - p0)) $((p2 - p1))) executes=$(per $((e1 - e0)) $((e2 - e1))) selects=$(per $((s1 - s0)) $((s2 - s1))) questions=$(per $((q1 - q0)) $((q2 - q1)))"
echo "  round trips per activation = prepares + executes (a server-side prepared statement is one round trip to prepare, one to run)"
