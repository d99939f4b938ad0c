#!/usr/bin/env bash
# MariaDB's CPU per buy for the journal's writes alone: no shop-server, no HTTP, one client, the
# batches of bench/journal_batches.py piped into the mariadb client. Separates what the database
# costs per buy (the shop's SQL) from what the server costs, and how batch size changes it.
#   bench/journal_sql_cost.sh                 the journal's form at 12 buys per batch
#   FORMS="odku plain" PER_BATCH=48 BUYS=36000 bench/journal_sql_cost.sh
#   FEWER_INDEXES=1: without the orders' status index; FLUSH=2: innodb_flush_log_at_trx_commit=2
#   SALES=1: with the payments' sales rows and their fold every FOLD_EVERY (300) batches
#   (a diagnostic only: every benchmark of the shop runs with 1).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/build/bench/sql-cost-db"
DB=(--dir "$DIR" --port 3311 --name sql_cost)
FORMS="${FORMS:-odku-script}"
PER_BATCH="${PER_BATCH:-12}"
BUYS="${BUYS:-36000}"
"$ROOT/scripts/install-deps.sh"
"$ROOT/scripts/db.sh" start "${DB[@]}" >/dev/null
trap '"$ROOT/scripts/db.sh" stop "${DB[@]}" >/dev/null' EXIT
SQL=(mariadb -N -h127.0.0.1 -P3311 -ushop -pshop sql_cost)
ROOT_SQL=(mariadb --no-defaults -uroot --socket="$DIR/mysqld.sock")
ticks() { awk '{print $14 + $15}' "/proc/$(cat "$DIR/mysqld.pid")/stat"; }
"${ROOT_SQL[@]}" -e "SET GLOBAL innodb_flush_log_at_trx_commit = ${FLUSH:-1}"
for form in $FORMS; do
  "${ROOT_SQL[@]}" -e "DROP DATABASE sql_cost; CREATE DATABASE sql_cost"
  for f in "$ROOT"/persistence/migrations/*.sql; do "${SQL[@]}" <"$f"; done
  "${SQL[@]}" -e "INSERT INTO users (id, name, balance, created_at, version)
      SELECT seq, CONCAT('u', seq), 1000000000, NOW(3), 1 FROM seq_1_to_10000;
    INSERT INTO product_options (id, product_id, name, additional_price, stock, reserved_stock,
      received, version) VALUES (1, 1, 'M', 0, 100000000, 0, 100000000, 1)"
  if [[ "${FEWER_INDEXES:-0}" == 1 ]]; then
    "${SQL[@]}" -e "ALTER TABLE orders DROP KEY idx_orders_state"
  fi
  python3 "$ROOT/bench/journal_batches.py" "$form" $((BUYS / PER_BATCH)) "$PER_BATCH" >"$DIR/batches.sql"
  t0="$(ticks)"; s0="$(date +%s%N)"
  "${SQL[@]}" <"$DIR/batches.sql"
  t1="$(ticks)"; s1="$(date +%s%N)"
  # Every batch but the last paid the one before it: anything else means the SQL did not apply.
  paid="$("${SQL[@]}" -e "SELECT COUNT(*) FROM orders WHERE status = 'PAID'")"
  [[ "$paid" == $((BUYS / PER_BATCH * PER_BATCH - PER_BATCH)) ]] || { echo "$form: $paid orders PAID, expected $((BUYS / PER_BATCH * PER_BATCH - PER_BATCH))" >&2; exit 1; }
  awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n=$((BUYS / PER_BATCH * PER_BATCH)) \
      -v ns=$((s1 - s0)) -v f="$form" -v k="$PER_BATCH" \
    'BEGIN {printf "%-14s %3d buys/batch  MariaDB CPU per buy %6.1f us  (%d buys in %.1f s)\n", f, k, t * 1e6 / hz / n, n, ns / 1e9}'
done
