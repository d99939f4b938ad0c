#!/usr/bin/env bash
# GET /api/products/top (US-003) on shop-server against ../shared/bench/beast_floor.cpp, same
# session, wrk -t1 -c64 keep-alive; then p99 at half the shop's rate. Seven products are sold and a
# snapshot is written first, so the answer carries five ranked products. Results go to stdout;
# docs/benchmarks.md records them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build

bench_start_floor
wrk -t1 -c64 -d2s "http://127.0.0.1:$FLOOR_PORT/" >/dev/null  # warm-up
read -r floor_rps floor_p50 floor_p99 < <(wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$FLOOR_PORT/" | wrk_summary)
bench_stop_floor

bench_start_shop SHOP_AUTH_MODE=none "$@"
# Seven products with one option each; product i is bought i times, so the top 5 is 7..3.
admin_post /admin/users '{"name":"bench buyer","initialBalance":10000000}' >/dev/null
for i in $(seq 1 7); do
  admin_post /admin/products "{\"name\":\"Top $i\",\"description\":\"bench\",\"category\":\"bench\",\"price\":$((1000 * i)),\"options\":[{\"name\":\"only\",\"stock\":100}]}" >/dev/null
  for _ in $(seq 1 "$i"); do
    order=$(curl -sf -X POST "http://127.0.0.1:$SHOP_PORT/api/orders" -H 'Content-Type: application/json' \
      -d "{\"userId\":1,\"items\":[{\"productOptionId\":$i,\"quantity\":1}]}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["orderId"])')
    curl -sf -X POST "http://127.0.0.1:$SHOP_PORT/api/orders/$order/payment" -H 'Content-Type: application/json' \
      -d '{"userId":1}' >/dev/null
  done
done
ranked=$(admin_post /admin/jobs/popularity-snapshot '{}' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["products"]))')
[[ "$ranked" == 5 ]] || { echo "expected 5 ranked products, got $ranked" >&2; exit 1; }

url="http://127.0.0.1:$SHOP_PORT/api/products/top"
curl -sf "$url" >/dev/null
wrk -t1 -c64 -d2s "$url" >/dev/null  # warm-up
read -r shop_rps shop_p50 shop_p99 < <(wrk -t1 -c64 -d"$DURATION" --latency "$url" | wrk_summary)

# Half load: wrk has no rate option, so connections are paced (1 ms between a response and the
# next request) and their number is tuned once to land near half the measured maximum.
half=$((shop_rps / 2))
conns=$(( (half + 799) / 800 ))
read -r probe_rps _ _ < <(PACE_MS=1 wrk -t1 -c"$conns" -d3s --latency -s "$ROOT/bench/paced.lua" "$url" | wrk_summary)
conns=$(awk -v c="$conns" -v h="$half" -v p="$probe_rps" 'BEGIN {n = int(c * h / p + 0.5); print (n < 1 ? 1 : n)}')
read -r half_rps half_p50 half_p99 < <(PACE_MS=1 wrk -t1 -c"$conns" -d"$DURATION" --latency -s "$ROOT/bench/paced.lua" "$url" | wrk_summary)

echo "beast_floor        req/s=$floor_rps p50=${floor_p50}ms p99=${floor_p99}ms"
echo "products/top       req/s=$shop_rps p50=${shop_p50}ms p99=${shop_p99}ms"
echo "ratio to floor     $(awk -v a="$shop_rps" -v b="$floor_rps" 'BEGIN {printf "%.2f", a/b}')"
echo "half load ($conns conns paced) req/s=$half_rps p50=${half_p50}ms p99=${half_p99}ms"
