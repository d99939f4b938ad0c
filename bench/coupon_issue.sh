#!/usr/bin/env bash
# US-013 under load, side by side in one session:
#  1. the stories' own lock-based design (../shared/bench/seed_design_coupon.sql) in MariaDB alone,
#     mysqlslap, 64 clients, same MariaDB and durability settings (innodb_flush_log_at_trx_commit=1);
#  2. shop-server: one hot campaign with a large total, a fresh user (and JWT) per request,
#     wrk -t1 -c64 keep-alive, every 201 a durable ack;
#  3. rejections after sell-out (a campaign of 1), against GET /api/products/{id} in the same run.
# Results go to stdout; docs/benchmarks.md records them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
bench_build
QUERIES="${QUERIES:-20000}"
SQL=(mariadb -N -h127.0.0.1 -P3310 -ushop -pshop)

# 1. Baseline in a scratch schema of the bench MariaDB.
"$ROOT/scripts/db.sh" start "${DB_ARGS[@]}" >/dev/null
# db.sh start on the running server only adds the schema (and the 'shop' user's grant).
"$ROOT/scripts/db.sh" start --dir "$BENCH_DIR/db" --port 3310 --name seed_coupon >/dev/null
"${SQL[@]}" seed_coupon <"$SHARED/bench/seed_design_coupon.sql"
slap="$(mariadb-slap -h127.0.0.1 -P3310 -ushop -pshop --create-schema=seed_coupon --concurrency=64 \
  --number-of-queries="$QUERIES" --query="CALL issue_coupon(1, FLOOR(RAND()*1000000000))" 2>&1)"
secs="$(echo "$slap" | awk '/Average number of seconds to run all queries/ {print $(NF-1)}')"
seed_rate="$(awk -v q="$QUERIES" -v s="$secs" 'BEGIN {printf "%.0f", q / s}')"
seed_rows="$("${SQL[@]}" seed_coupon -e "SELECT COUNT(*) FROM user_coupons")"

# 2. The shop.
bench_start_shop "$@"
tokens="$BENCH_DIR/coupon-tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 "${USERS:-400000}" >"$tokens"
admin_post /admin/coupons '{"name":"hot","discountType":"RATE","discountValue":10,"totalQuantity":100000000,"expiresAt":"2099-01-01T00:00:00Z"}' >/dev/null
admin_post /admin/coupons '{"name":"gone","discountType":"AMOUNT","discountValue":1000,"totalQuantity":1,"expiresAt":"2099-01-01T00:00:00Z"}' >/dev/null
admin_post /admin/products '{"name":"Linen shirt","description":"bench","category":"apparel","price":39000,"options":[{"name":"M","stock":100}]}' >/dev/null
url="http://127.0.0.1:$SHOP_PORT"
export TOKENS_FILE="$tokens"
cpu_mark
out="$(COUPON=1 cpu_wrk -t1 -c64 -d"$DURATION" --latency -s "$ROOT/bench/coupon_issue.lua" "$url")"
read -r issue_rps issue_p50 issue_p99 < <(echo "$out" | wrk_summary)
issue_non2xx="$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
sleep 1
issued_sql="$("${SQL[@]}" shop_bench -e "SELECT issued_quantity FROM coupons WHERE id = 1")"
rows_sql="$("${SQL[@]}" shop_bench -e "SELECT COUNT(*) FROM user_coupons WHERE coupon_id = 1")"
read -r cpu_server cpu_db cpu_wrk < <(cpu_report "$rows_sql")

# 3. Sold out: every answer is a 400 from memory.
curl -s -X POST "$url/api/coupons/2/issue" -H "Authorization: Bearer $(head -1 "$tokens" | cut -d' ' -f2)" \
  -H 'Content-Type: application/json' -d '{"userId":1}' >/dev/null
read -r soldout_rps _ soldout_p99 < <(COUPON=2 wrk -t1 -c64 -d"$DURATION" --latency -s "$ROOT/bench/coupon_issue.lua" "$url" | wrk_summary)
wrk -t1 -c64 -d2s "$url/api/products/1" >/dev/null  # warm-up
read -r detail_rps _ detail_p99 < <(wrk -t1 -c64 -d"$DURATION" --latency "$url/api/products/1" | wrk_summary)

echo "seed design (mariadb-slap c64, $QUERIES calls)  issues/s=$seed_rate  rows=$seed_rows"
echo "shop issue (wrk c64)           req/s=$issue_rps p50=${issue_p50}ms p99=${issue_p99}ms non-2xx=${issue_non2xx:-0}"
echo "  issued_quantity (SQL)=$issued_sql  user_coupons rows=$rows_sql"
echo "ratio issue / seed             $(awk -v a="$issue_rps" -v b="$seed_rate" 'BEGIN {printf "%.2f", a/b}')"
echo "CPU per issue (us)             server=$cpu_server mariadb=$cpu_db wrk=$cpu_wrk"
echo "  2 cores / (mariadb + wrk)    $(awk -v d="$cpu_db" -v w="$cpu_wrk" 'BEGIN {printf "%.0f", 2e6 / (d + w)}') issues/s at most, for any server doing this database work"
echo "sold-out rejections            req/s=$soldout_rps p99=${soldout_p99}ms"
echo "product detail (same run)      req/s=$detail_rps p99=${detail_p99}ms"
echo "ratio rejections / detail      $(awk -v a="$soldout_rps" -v b="$detail_rps" 'BEGIN {printf "%.2f", a/b}')"
