#!/usr/bin/env bash
# Instructions the server executes per request (valgrind's callgrind), for A/B comparisons of two
# builds that timing cannot settle on this VM: the count does not move with the machine's load.
# Product detail (GET /api/products/1) and create+pay (POST /api/orders, then its payment), each
# sent one at a time over one keep-alive connection by bench/request_loop.py after a warm-up;
# only the measured requests are instrumented (callgrind_control -i on/off). Every thread of the
# server counts (HTTP, actors, journal); the database does not.
#   bench/instructions.sh [BIN ...]      (default: this tree's Release shop-server)
# N (default 400) requests of each kind. Prints, per binary, instructions per request.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap bench_cleanup EXIT
N="${N:-400}"
command -v valgrind >/dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
BINS=("$@")
((${#BINS[@]})) || { bench_build; BINS=("$SHOP_BIN"); }
mkdir -p "$BENCH_DIR"
tokens="$BENCH_DIR/instr-tokens.txt"
python3 "$ROOT/bench/tokens.py" bench-secret 1 100 >"$tokens"

# Instructions of the instrumented window of the running server: its dump number `part` is the
# file callgrind.out.PID.PART.
window() {  # pid part command... -> instructions
  local pid="$1" part="$2"; shift 2
  callgrind_control -z "$pid" >/dev/null
  callgrind_control -i on "$pid" >/dev/null
  "$@" >/dev/null
  callgrind_control -i off "$pid" >/dev/null
  callgrind_control -d "$pid" >/dev/null
  awk '/^totals:/ {print $2; exit}' "$BENCH_DIR/callgrind.out.$pid.$part"
}

for bin in "${BINS[@]}"; do
  rm -f "$BENCH_DIR"/callgrind.out.*
  bench_fresh_db
  env SHOP_HTTP_PORT=$SHOP_PORT SHOP_DB_PORT=3310 SHOP_DB_NAME=shop_bench SHOP_ADMIN_TOKEN=$ADMIN \
    SHOP_JWT_SECRET=bench-secret \
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$BENCH_DIR/callgrind.out.%p" \
    "$bin" >"$BENCH_DIR/instr-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$SHOP_PORT/health/ready" >/dev/null && break
    sleep 0.2
  done
  admin_post /admin/products '{"name":"Linen shirt","description":"bench","category":"apparel","price":39000,"options":[{"name":"S","stock":1000000}]}' >/dev/null
  mariadb -h127.0.0.1 -P3310 -ushop -pshop shop_bench -e "INSERT INTO users (id, name, balance,
    created_at, version) SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_100"
  loop=(python3 "$ROOT/bench/request_loop.py" "$SHOP_PORT" "$tokens")
  "${loop[@]}" product 100 && "${loop[@]}" buy 100  # warm-up: actors live, statements prepared
  read_ir="$(window "$SERVER_PID" 1 "${loop[@]}" product "$N")"
  buy_ir="$(window "$SERVER_PID" 2 "${loop[@]}" buy "$N")"
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  echo "$bin: product detail $((read_ir / N)) instructions/request; create+pay $((buy_ir / N)) instructions/buy"
done
