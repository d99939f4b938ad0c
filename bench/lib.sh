# Shared by the bench/*.sh runs: a release shop-server on its own MariaDB, and wrk helpers.
# Sourced, not run. Loopback only; every run is bounded in time.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHOP_SHARED_DIR:-$ROOT/../shared}"
BENCH_DIR="$ROOT/build/bench"
# BENCH_DB_PORT / BENCH_SHOP_PORT move a run off the default ports (another run on the machine):
# honoured by these functions and soak.sh; the older scripts still name 3310 in their own queries.
DB_PORT="${BENCH_DB_PORT:-3310}"
DB_ARGS=(--dir "$BENCH_DIR/db" --port "$DB_PORT" --name shop_bench)
SHOP_PORT="${BENCH_SHOP_PORT:-18081}"
FLOOR_PORT=18080
ADMIN="bench-admin-token"
DURATION="${DURATION:-10s}"
SERVER_PID=""
FLOOR_PID=""

# The server the runs start: the Release build's, or SHOP_BIN (a copy, so that a build running
# meanwhile cannot replace it under a run; BENCH_SKIP_BUILD=1 then skips the build).
SHOP_BIN="${SHOP_BIN:-$ROOT/build/release/app/shop-server}"

bench_build() {
  if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
    mkdir -p "$BENCH_DIR"
    return 0
  fi
  "$ROOT/scripts/install-deps.sh"
  cmake --preset release >/dev/null
  cmake --build --preset release -j2 --target shop-server
  mkdir -p "$BENCH_DIR"
  g++ -O2 -std=c++17 "$SHARED/bench/beast_floor.cpp" -o "$BENCH_DIR/beast_floor" -lpthread
}

bench_cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "$FLOOR_PID" ]]; then kill "$FLOOR_PID" 2>/dev/null; wait "$FLOOR_PID" 2>/dev/null || true; fi
  "$ROOT/scripts/db.sh" stop "${DB_ARGS[@]}" >/dev/null 2>&1 || true
}

# The bench MariaDB running, with no table of the shop in it.
bench_fresh_db() {
  "$ROOT/scripts/db.sh" start "${DB_ARGS[@]}" >/dev/null
  mariadb -h127.0.0.1 -P"$DB_PORT" -ushop -pshop shop_bench -e \
    "SET FOREIGN_KEY_CHECKS=0; SELECT CONCAT('DROP TABLE IF EXISTS ', GROUP_CONCAT(table_name)) INTO @q FROM information_schema.tables WHERE table_schema='shop_bench'; SET @q = IFNULL(@q, 'DO 0'); PREPARE s FROM @q; EXECUTE s;"
}

# SIGTERM to the given server pids, then waits for each (the cluster runs' nodes).
bench_stop_pids() {
  local p
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}

# The median of the numbers on stdin (spaces or newlines between them).
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Fresh database, then shop-server with the given extra environment.
bench_start_shop() {
  bench_fresh_db
  env SHOP_HTTP_PORT=$SHOP_PORT SHOP_DB_PORT=$DB_PORT SHOP_DB_NAME=shop_bench \
      SHOP_ADMIN_TOKEN=$ADMIN SHOP_JWT_SECRET=bench-secret "$@" \
      "$SHOP_BIN" >"$BENCH_DIR/shop-server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$SHOP_PORT/health/ready" >/dev/null && return 0
    sleep 0.2
  done
  echo "shop-server did not become ready; log:" >&2
  tail -20 "$BENCH_DIR/shop-server.log" >&2
  return 1
}

bench_start_floor() {
  "$BENCH_DIR/beast_floor" $FLOOR_PORT 2 &
  FLOOR_PID=$!
  sleep 0.5
}

bench_stop_floor() {
  kill "$FLOOR_PID" 2>/dev/null || true
  wait "$FLOOR_PID" 2>/dev/null || true
  FLOOR_PID=""
}

admin_post() {  # path body
  curl -sf -X POST "http://127.0.0.1:$SHOP_PORT$1" -H "Authorization: Bearer $ADMIN" \
       -H 'Content-Type: application/json' -d "$2"
}

# wrk output -> "req/s p50 p99" (latencies in ms)
wrk_summary() {
  awk '/Requests\/sec/ {rps=$2}
       function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
       /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)}
       END {printf "%.0f %.2f %.2f\n", rps, p50, p99}'
}

# CPU (user + system) that the shop, its MariaDB and wrk spend per unit of work in one run:
#   cpu_mark; out="$(cpu_wrk <wrk args>)"; cpu_report UNITS   ->  "server_us mariadb_us wrk_us"
# On this 2-core machine they share 2,000,000 µs of CPU a second, so 2e6 / (mariadb + wrk) is what
# no server could exceed with the same database work and the same client.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_mark() {
  CPU_SERVER0="$(cpu_ticks "$SERVER_PID")"
  CPU_DB0="$(cpu_ticks "$(cat "$BENCH_DIR/db/mysqld.pid")")"
}
cpu_wrk() {
  local TIMEFORMAT='%U %S'
  { time wrk "$@" 2>/dev/null; } 2>"$BENCH_DIR/wrk-cpu.txt"
}
cpu_report() {
  local server db
  server=$(($(cpu_ticks "$SERVER_PID") - CPU_SERVER0))
  db=$(($(cpu_ticks "$(cat "$BENCH_DIR/db/mysqld.pid")") - CPU_DB0))
  awk -v n="$1" -v s="$server" -v d="$db" -v hz="$(getconf CLK_TCK)" -v w="$(tail -1 "$BENCH_DIR/wrk-cpu.txt")" \
    'BEGIN {split(w, t, " "); printf "%.0f %.0f %.0f\n", s * 1e6 / hz / n, d * 1e6 / hz / n, (t[1] + t[2]) * 1e6 / n}'
}
