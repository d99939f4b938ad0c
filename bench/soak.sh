#!/usr/bin/env bash
# Soak: one release shop-server on its own MariaDB under mixed load for DURATION (default 30m;
# 3m is enough to check the script), watching for anything that grows without bound. Not in CI.
#
# Load (bench/soak.lua, wrk -tCONNS -cCONNS, one connection per thread): catalog reads (list with
# every sort, detail, top, coupon), wallet and cart and order-list reads, cart add then remove,
# orders then payment or cancel (some left PENDING to expire: holds last 60 s here), coupon issues
# (one campaign small enough to sell out), charges; KEYED_PERCENT (30) of the writes carry an
# Idempotency-Key and some of those are replayed; one request in eight is bad input (4xx expected). USERS users
# (default 20,000) of which HOT_USERS (200) take half the per-user traffic, and idle actors
# passivate after IDLE_TTL_MS (default 3,000): most users and options are loaded, passivated and
# loaded again all through the run while the hot ones stay live.
# Rate: RATE req/s if given, else half of what the same mix reaches unpaced in a 15 s run just
# before the soak. wrk has no rate option: each connection pauses PACE_MS before each request, and
# the pause is corrected after every interval from the rate the interval reached.
#
# Every 10 s of load (an interval is one wrk run of 10 s, about 12 s of wall time with wrk's
# start; the sample is taken 8 s in, under load):
# server RSS (VmRSS), open fds, shop_journal_queue_depth, live actors and activations /
# passivations (GET /metrics), and the interval's requests, answers by class and p50 / p99 (wrk's
# own latency, pauses excluded). Written to OUT/samples.csv (OUT defaults to build/bench/soak-<time>).
#
# Fails (exit 1) when, with warm-up = the first 20 % of the samples and thirds of the run by sample:
#  - RSS: the median of the last 3 samples is more than 5 % above the highest warm-up sample;
#  - fds: the highest sample of the last third exceeds the highest warm-up sample by more than 8;
#  - journal: any sample at or above half of shop_journal_queue_capacity, or the depth not back
#    at 0 within 10 s after the load stops;
#  - p99: the median interval p99 of the last third is more than 2x that of the middle third
#    (and more than 2 ms above it), counting only quiet intervals: those in which other processes
#    took under 25 % of the machine's CPU (column others_cpu_pct; on a shared machine someone
#    else's build moves p99 by 10x). With fewer than max(2, a third of the third) quiet intervals
#    in the middle or last third, p99 cannot be judged and the cost is judged instead: fail when
#    the median server + MariaDB CPU per request of the last third is over 1.5x the middle's;
#  - any 5xx other than 503, any keyed replay whose answer differed from the first one, or any
#    bad request answered with anything but a 4xx (or 503);
#  - no passivation at all (then the run did not test reactivation).
# 503 (journal full, in-flight cap) and wrk's socket errors and timeouts are reported, not failed.
#
# Arguments are extra environment for shop-server. BENCH_DB_PORT / BENCH_SHOP_PORT move the run
# off the default ports; BENCH_SKIP_BUILD=1 with SHOP_BIN runs a copied binary (see lib.sh).
set -euo pipefail
DURATION="${DURATION:-30m}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build

secs_of() {  # 90s, 3m, 1h, 120 -> seconds
  case "$1" in
    *h) echo $((${1%h} * 3600)) ;;
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
TOTAL_S="$(secs_of "$DURATION")"
INTERVAL=10
CONNS="${CONNS:-16}"
USERS="${USERS:-20000}"
export HOT_USERS="${HOT_USERS:-200}" KEYED_PERCENT="${KEYED_PERCENT:-30}" PRODUCTS=100 OPTIONS_PER_PRODUCT=10 COUPONS=5
IDLE_TTL_MS="${IDLE_TTL_MS:-3000}"
OUT="${OUT:-$BENCH_DIR/soak-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
SQL=(mariadb -N -h127.0.0.1 -P"$DB_PORT" -ushop -pshop shop_bench)
url="http://127.0.0.1:$SHOP_PORT"

bench_start_shop SHOP_ACTOR_IDLE_TTL_MS="$IDLE_TTL_MS" SHOP_ORDER_HOLD_TTL_MS=60000 \
  SHOP_ORDER_SWEEP_INTERVAL_MS=10000 "$@"
"${SQL[@]}" -e "INSERT INTO users (id, name, balance, created_at, version)
  SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_$USERS"
export TOKENS_FILE="$OUT/tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 "$USERS" $((TOTAL_S + 3600)) >"$TOKENS_FILE"
for p in $(seq 1 "$PRODUCTS"); do
  opts="$(for o in $(seq 1 "$OPTIONS_PER_PRODUCT"); do printf '{"name":"o%d","stock":100000000},' "$o"; done)"
  admin_post /admin/products "{\"name\":\"p$p\",\"description\":\"soak\",\"category\":\"c$((p % 4))\",\"price\":$((1000 + p * 10)),\"options\":[${opts%,}]}" >/dev/null
done
for c in $(seq 1 "$COUPONS"); do
  total=100000000
  [[ "$c" == "$COUPONS" ]] && total=100  # sells out early: the rest are COUPON_SOLD_OUT
  admin_post /admin/coupons "{\"name\":\"c$c\",\"discountType\":\"RATE\",\"discountValue\":5,\"totalQuantity\":$total,\"expiresAt\":\"2099-01-01T00:00:00Z\"}" >/dev/null
done

metric() {  # name -> the sum of its samples (all label sets)
  awk -v n="$1" '$1 == n || index($1, n "{") == 1 {s += $2} END {printf "%.0f", s}' "$OUT/metrics.txt"
}
scrape() { curl -sf "$url/metrics" >"$OUT/metrics.txt" || : >"$OUT/metrics.txt"; }
field() { echo "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }

# The maximum rate of the mix, unpaced and after a warm-up (the first loads of users and options
# are slower), then the pause that gives RATE.
KEY_TAG=warm PACE_MS=0 wrk -t"$CONNS" -c"$CONNS" -d10s -s "$ROOT/bench/soak.lua" "$url" >/dev/null
max_line="$(KEY_TAG=max PACE_MS=0 wrk -t"$CONNS" -c"$CONNS" -d15s -s "$ROOT/bench/soak.lua" "$url" | grep '^soak-interval')"
max_rate="$(awk -v n="$(field requests "$max_line")" -v s="$(field secs "$max_line")" 'BEGIN {printf "%.0f", n / s}')"
RATE="${RATE:-$((max_rate / 2))}"
mean_ms="$(field mean_ms "$max_line")"
pace="$(awk -v c="$CONNS" -v r="$RATE" -v m="$mean_ms" 'BEGIN {p = 1000 * c / r - m; printf "%d", p < 0 ? 0 : p + 0.5}')"
admin_post /admin/jobs/popularity-snapshot '{}' >/dev/null  # GET /api/products/top has a snapshot to serve
echo "max rate of the mix (unpaced, $CONNS connections, 15 s): $max_rate req/s; soak target $RATE req/s, start pause $pace ms"
echo "soak: $DURATION, samples every ${INTERVAL}s to $OUT/samples.csv"

CSV="$OUT/samples.csv"
echo "t_s,rss_kb,fds,journal_depth,actors_live,activations,passivations,wrk_s,requests,rps,p50_ms,p99_ms,s2xx,s4xx,s503,s5xx_other,replays,replay_diff,bad_not_4xx,socket_errors,timeouts,pace_ms,others_cpu_pct,cpu_us_per_req" >"$CSV"
# The share of the machine's CPU that processes other than this run's server, MariaDB and wrk
# took since the previous sample (the machine may be shared): busy jiffies of /proc/stat minus
# ours; wrk's part of the window is estimated from its rate so far (it started 8 s before).
HZ="$(getconf CLK_TCK)"
NCPU="$(nproc)"
DB_PID="$(cat "$BENCH_DIR/db/mysqld.pid")"
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
ours() { echo $(($(cpu_ticks "$SERVER_PID") + $(cpu_ticks "$DB_PID"))); }
prev_busy="$(machine_busy)" prev_ours="$(ours)" prev_ms="$(date +%s%3N)"
start=$SECONDS
i=0
while ((SECONDS - start + INTERVAL <= TOTAL_S)); do
  i=$((i + 1))
  KEY_TAG="$i" PACE_MS="$pace" wrk -t"$CONNS" -c"$CONNS" -d${INTERVAL}s -s "$ROOT/bench/soak.lua" "$url" >"$OUT/wrk.txt" 2>&1 &
  wrk_pid=$!
  sleep $((INTERVAL - 2))
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"
  fds="$(ls "/proc/$SERVER_PID/fd" | wc -l)"
  scrape
  depth="$(metric shop_journal_queue_depth)"
  live="$(metric shop_actors_live)"
  act="$(metric shop_actor_activations_total)"
  pas="$(metric shop_actor_passivations_total)"
  now_busy="$(machine_busy)" now_ours="$(ours)" now_ms="$(date +%s%3N)"
  wrk_ticks="$(cpu_ticks "$wrk_pid" 2>/dev/null || echo 0)"
  others_pct="$(awk -v b=$((now_busy - prev_busy)) -v o=$((now_ours - prev_ours)) -v w="$wrk_ticks" \
    -v ms=$((now_ms - prev_ms)) -v hz="$HZ" -v n="$NCPU" -v run=$((INTERVAL - 2)) \
    'BEGIN {x = b - o - w * ms / 1000 / run; if (x < 0) x = 0; printf "%.0f", 100 * x / (ms / 1000 * hz * n)}')"
  ours_ticks=$((now_ours - prev_ours))
  prev_busy=$now_busy prev_ours=$now_ours prev_ms=$now_ms
  wait "$wrk_pid"
  line="$(grep '^soak-interval' "$OUT/wrk.txt")"
  v() { field "$1" "$line"; }
  cpu_us="$(awk -v t="$ours_ticks" -v hz="$HZ" -v n="$(v requests)" 'BEGIN {printf "%.0f", n ? t * 1e6 / hz / n : 0}')"
  socket_errors=$(($(v connect_err) + $(v read_err) + $(v write_err)))
  rps="$(awk -v n="$(v requests)" -v s="$(v secs)" 'BEGIN {printf "%.0f", n / s}')"
  echo "$((SECONDS - start)),$rss,$fds,$depth,$live,$act,$pas,$(v secs),$(v requests),$rps,$(v p50_ms),$(v p99_ms),$(v s2xx),$(v s4xx),$(v s503),$(v s5xx_other),$(v replays),$(v replay_diff),$(v bad_not_4xx),$socket_errors,$(v timeouts),$pace,$others_pct,$cpu_us" >>"$CSV"
  printf '%5ss rss=%sKB fds=%s depth=%s live=%s req/s=%s p99=%sms 5xx(not 503)=%s pace=%sms others=%s%%\n' \
    "$((SECONDS - start))" "$rss" "$fds" "$depth" "$live" "$rps" "$(v p99_ms)" "$(v s5xx_other)" "$pace" "$others_pct"
  # Hold the rate: the pause that would have given RATE with this interval's latency.
  pace="$(awk -v p="$pace" -v m="$(v mean_ms)" -v got="$rps" -v want="$RATE" \
    'BEGIN {n = (p + m) * got / want - m; printf "%d", n < 0 ? 0 : n + 0.5}')"
done

# After the load: the journal must drain.
drained=-1
for t in $(seq 0 10); do
  scrape
  if [[ "$(metric shop_journal_queue_depth)" == 0 ]]; then drained=$t; break; fi
  sleep 1
done
capacity="$(metric shop_journal_queue_capacity)"
end_rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")"

python3 - "$CSV" "$drained" "$capacity" "$max_rate" "$RATE" "$end_rss" <<'EOF' | tee "$OUT/summary.txt"
import csv, statistics, sys
path, drained, capacity, max_rate, rate, end_rss = sys.argv[1:7]
rows = list(csv.DictReader(open(path)))
if len(rows) < 6:
    print(f"FAIL: only {len(rows)} samples; run at least 2m")
    sys.exit(1)
num = lambda r, k: float(r[k])
n = len(rows)
warm = rows[: max(1, n // 5)]
mid, last = rows[n // 3 : 2 * n // 3], rows[2 * n // 3 :]
fails = []

rss_warm = max(num(r, "rss_kb") for r in warm)
rss_end = statistics.median(num(r, "rss_kb") for r in rows[-3:])
rss_drift = (rss_end - rss_warm) / rss_warm * 100
if rss_drift > 5:
    fails.append(f"RSS drift {rss_drift:.1f} % after warm-up (> 5 %)")
fds_warm = max(num(r, "fds") for r in warm)
fds_last = max(num(r, "fds") for r in last)
if fds_last > fds_warm + 8:
    fds_fail = f"fds {fds_last:.0f} in the last third, warm-up max {fds_warm:.0f} (+8 allowed)"
    fails.append(fds_fail)
depth_max = max(num(r, "journal_depth") for r in rows)
cap = float(capacity or 0)
if cap and depth_max >= cap / 2:
    fails.append(f"journal depth {depth_max:.0f} reached half the capacity {cap:.0f}")
if int(drained) < 0:
    fails.append("journal depth not back at 0 within 10 s after the load")
first = rows[: n // 3]
quiet = lambda rs: [r for r in rs if num(r, "others_cpu_pct") < 25]
p99 = lambda rs: statistics.median(num(r, "p99_ms") for r in rs) if rs else float("nan")
cpu = lambda rs: statistics.median(num(r, "cpu_us_per_req") for r in rs)
need = max(2, len(last) // 3)
p99_quiet = len(quiet(mid)) >= need and len(quiet(last)) >= need
p99_first, p99_mid, p99_last = p99(quiet(first)), p99(quiet(mid)), p99(quiet(last))
cpu_first, cpu_mid, cpu_last = cpu(first), cpu(mid), cpu(last)
if p99_quiet:
    if p99_last > 2 * p99_mid and p99_last - p99_mid > 2:
        fails.append(f"p99 of the last third {p99_last:.2f} ms > 2x the middle third's {p99_mid:.2f} ms")
elif cpu_last > 1.5 * cpu_mid:
    fails.append(f"too few quiet intervals to compare p99, and CPU per request grew: last third "
                 f"{cpu_last:.0f} us > 1.5x the middle third's {cpu_mid:.0f} us")
tot = lambda k: int(sum(num(r, k) for r in rows))
if tot("s5xx_other"):
    fails.append(f"{tot('s5xx_other')} answers 5xx other than 503")
if tot("bad_not_4xx"):
    fails.append(f"{tot('bad_not_4xx')} bad requests answered other than 4xx / 503")
if tot("replay_diff"):
    fails.append(f"{tot('replay_diff')} keyed replays answered differently from the first answer")
passivated = num(rows[-1], "passivations") - num(rows[0], "passivations")
if passivated <= 0:
    fails.append("no actor passivated during the run")

secs = num(rows[-1], "t_s")
print(f"samples {n} over {secs:.0f} s; max rate of the mix {max_rate} req/s, target {rate} req/s, "
      f"reached {tot('requests') / sum(num(r, 'wrk_s') for r in rows):.0f} req/s (median interval {statistics.median(num(r, 'rps') for r in rows):.0f})")
print(f"RSS (KB): first sample {rows[0]['rss_kb']}, warm-up max {rss_warm:.0f}, end (median of last 3) "
      f"{rss_end:.0f}, after the load {end_rss}; drift after warm-up {rss_drift:+.1f} %")
print(f"fds: warm-up max {fds_warm:.0f}, last-third max {fds_last:.0f}, overall {min(num(r, 'fds') for r in rows):.0f}..{max(num(r, 'fds') for r in rows):.0f}")
print(f"journal depth: max {depth_max:.0f} of capacity {cap:.0f}; back at 0 {drained} s after the load")
print(f"p99 (median of interval p99s, ms), quiet intervals: first third {p99_first:.2f}, middle {p99_mid:.2f}, "
      f"last {p99_last:.2f} ({len(quiet(first))}/{len(quiet(mid))}/{len(quiet(last))} quiet of {len(first)}/{len(mid)}/{len(last)}"
      f"{'' if p99_quiet else '; too few to judge, CPU per request judged instead'})")
print(f"p99 all intervals: first third {p99(first):.2f}, middle {p99(mid):.2f}, last {p99(last):.2f}; "
      f"worst interval {max(num(r, 'p99_ms') for r in rows):.2f}; others' CPU median per third "
      f"{statistics.median(num(r, 'others_cpu_pct') for r in first):.0f}/{statistics.median(num(r, 'others_cpu_pct') for r in mid):.0f}/"
      f"{statistics.median(num(r, 'others_cpu_pct') for r in last):.0f} %")
print(f"server + MariaDB CPU per request (us, median per third): {cpu_first:.0f} / {cpu_mid:.0f} / {cpu_last:.0f}")
print(f"actors: live {min(num(r, 'actors_live') for r in rows):.0f}..{max(num(r, 'actors_live') for r in rows):.0f}; "
      f"activations {num(rows[-1], 'activations') - num(rows[0], 'activations'):.0f}, passivations {passivated:.0f} between first and last sample")
print(f"requests {tot('requests')}: 2xx {tot('s2xx')}, 4xx {tot('s4xx')}, 503 {tot('s503')}, other 5xx {tot('s5xx_other')}, "
      f"keyed replays {tot('replays')} (differing {tot('replay_diff')}), bad input not 4xx {tot('bad_not_4xx')}, socket errors {tot('socket_errors')}, timeouts {tot('timeouts')}")
if fails:
    print("FAIL: " + "; ".join(fails))
    sys.exit(1)
print("PASS")
EOF
