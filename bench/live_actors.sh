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
# The database's counters: prepares, statements run (Questions: plain queries and executes of
# prepared ones, each one round trip; a prepare is one more), SELECTs of both kinds.
db_counters() {
  "${SQL[@]}" -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Questions', 'Com_select')" |
    awk '{v[$1] = $2} END {print v["Com_stmt_prepare"] + 0, v["Questions"] + 0, v["Com_select"] + 0}'
}

# Asks for options FIRST..FIRST+COUNT-1 once each; prints how long it took, in seconds.
view_options() {
  local t0 t1
  t0="$(date +%s.%N)"
  ADMIN_TOKEN="$ADMIN" FIRST=1 COUNT="$1" wrk -t1 -c64 -d3600s -s "$ROOT/bench/activate_options.lua" \
    "http://127.0.0.1:$SHOP_PORT" | grep activate_options >&2
  t1="$(date +%s.%N)"
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}'
}

sleep 2
rss0="$(rss_kb)"
# Pass 1: every option cold, so each request activates one (load + the view's own reads).
read -r p0 q0 s0 < <(db_counters)
secs1="$(view_options "$N")"
read -r p1 q1 s1 < <(db_counters)
rss1="$(rss_kb)"
live="$(live_options)"
# Pass 2, the baseline: the first M options again, all live now: the view's own reads alone.
M=$((N < 20000 ? N : 20000))
secs2="$(view_options "$M")"
read -r p2 q2 s2 < <(db_counters)
# Then IDLE_S seconds with nothing asked: the server's own jobs' statements per second, taken
# away from both passes in proportion to their length.
IDLE_S="${IDLE_S:-30}"
sleep "$IDLE_S"
read -r p3 q3 s3 < <(db_counters)
rss3="$(rss_kb)"  # after the second pass and the idle time: what the views' traffic left behind

# Statements per request of a pass: (delta - idle rate * pass length) / requests.
per() { awk -v d="$1" -v idle="$2" -v secs="$3" -v n="$4" -v i="$IDLE_S" 'BEGIN {printf "%.2f", (d - idle * secs / i) / n}'; }
trips() { awk -v p="$1" -v q="$2" 'BEGIN {printf "%.2f", p + q}'; }
a_p="$(per $((p1 - p0)) $((p3 - p2)) "$secs1" "$N")"; a_q="$(per $((q1 - q0)) $((q3 - q2)) "$secs1" "$N")"
b_p="$(per $((p2 - p1)) $((p3 - p2)) "$secs2" "$M")"; b_q="$(per $((q2 - q1)) $((q3 - q2)) "$secs2" "$M")"
echo "options activated: $N in ${secs1}s ($(awk -v n="$N" -v s="$secs1" 'BEGIN {printf "%.0f", n / s}')/s); live option actors now: $live"
echo "RSS: ${rss0} KB with none live (baseline), ${rss1} KB with $live live: $(awk -v a="$rss0" -v b="$rss1" -v n="$live" 'BEGIN {printf "%.0f bytes per live option actor; %.2f GiB for 1,000,000", (b - a) * 1024 / n, (a + (b - a) * 1000000 / n) / 1048576}')"
echo "RSS after the baseline pass and ${IDLE_S}s idle: ${rss3} KB ($(awk -v b="$rss3" 'BEGIN {printf "%.2f GiB", b / 1048576}'))"
echo "database round trips per request (prepares + statements run; idle background taken away):"
echo "  cold option (activation + view): $(trips "$a_p" "$a_q") (prepares $a_p, statements $a_q)"
echo "  live option (view only, $M requests, baseline): $(trips "$b_p" "$b_q") (prepares $b_p, statements $b_q)"
echo "  activation alone: $(awk -v a="$(trips "$a_p" "$a_q")" -v b="$(trips "$b_p" "$b_q")" 'BEGIN {printf "%.2f", a - b}') round trips"
