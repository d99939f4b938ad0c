#!/usr/bin/env bash
# Three shop-server nodes on one MariaDB, on this machine: a cluster to try (API.md "Cluster",
# docs/operations.md "Running several nodes"). Like scripts/run-shop.sh: deps, release build,
# a MariaDB of its own (.local/mariadb-cluster, port 3309, so it never shares a database with the
# lone node of run-shop.sh), secrets, demo catalog on first run. Nodes node-1..node-3 listen for
# HTTP on 127.0.0.1:8081..8083 and for each other on 9081..9083. Ctrl-C stops the three nodes
# and the database; a node stopped on its own (SIGTERM, kill -9) leaves the others running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { echo "run-cluster: $*" >&2; }
# shellcheck source=scripts/lib/run-common.sh
. "$ROOT/scripts/lib/run-common.sh"

HTTP_ADDRESS=127.0.0.1
NODES=(1 2 3)
DB_PORT=3309
DB_DIR="$ROOT/.local/mariadb-cluster"
DB_OPTS=(--dir "$DB_DIR" --port "$DB_PORT" --name shop)
RUN_DIR="$ROOT/.local/cluster"
NODE_ENV="$RUN_DIR/node.env"  # what every node shares: database, secrets, threads

http_port() { echo $((8080 + $1)); }
cluster_port() { echo $((9080 + $1)); }
base_of() { echo "http://$HTTP_ADDRESS:$(http_port "$1")"; }
log_of() { echo "$RUN_DIR/node-$1.log"; }

build_shop
for n in "${NODES[@]}"; do
  require_free_port "$HTTP_ADDRESS" "$(http_port "$n")"
  require_free_port "$HTTP_ADDRESS" "$(cluster_port "$n")"
done

declare -A PIDS=()  # node number -> pid, while it runs
# shellcheck disable=SC2317  # called via trap
cleanup() {
  local rc=$? n
  # A second Ctrl-C while cleaning up must not leave a node or the database running.
  trap - EXIT
  trap "" INT TERM
  for n in "${!PIDS[@]}"; do
    if kill -0 "${PIDS[$n]}" 2>/dev/null; then
      say "stopping node-$n (pid ${PIDS[$n]})"
      kill -TERM "${PIDS[$n]}" 2>/dev/null || true
    fi
  done
  for n in "${!PIDS[@]}"; do
    wait "${PIDS[$n]}" 2>/dev/null || true
  done
  scripts/db.sh stop "${DB_OPTS[@]}" || true
  exit "$rc"
}
# Installed before the DB starts so every later failure stops it again.
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/db.sh start "${DB_OPTS[@]}"

load_secrets
mkdir -p "$RUN_DIR"
(
  umask 077
  {
    echo "# written by scripts/run-cluster.sh at every start: what its nodes share"
    echo "SHOP_DB_HOST=127.0.0.1"
    echo "SHOP_DB_PORT=$DB_PORT"
    echo "SHOP_DB_USER=shop"
    echo "SHOP_DB_PASSWORD=shop"
    echo "SHOP_DB_NAME=shop"
    echo "SHOP_HTTP_ADDRESS=$HTTP_ADDRESS"
    echo "SHOP_CLUSTER_ADDRESS=$HTTP_ADDRESS"
    # Three processes share this machine's cores: one actor thread and one I/O thread each.
    echo "SHOP_ACTOR_THREADS=1"
    echo "SHOP_HTTP_IO_THREADS=1"
    echo "SHOP_ADMIN_TOKEN=$SHOP_ADMIN_TOKEN"
    echo "SHOP_JWT_SECRET=$SHOP_JWT_SECRET"
  } >"$NODE_ENV"
)

# Starts node $1 in the background with the shared settings and its own name and ports.
start_node() {
  local n="$1" log
  log="$(log_of "$n")"
  say "starting node-$n on $(base_of "$n") (log: $log)"
  (
    set -a
    # shellcheck source=/dev/null
    . "$NODE_ENV"
    set +a
    SHOP_HTTP_PORT="$(http_port "$n")"
    SHOP_CLUSTER_PORT="$(cluster_port "$n")"
    export SHOP_HTTP_PORT SHOP_CLUSTER_PORT SHOP_CLUSTER_NODE_ID="node-$n"
    exec "$SERVER"
  ) >>"$log" 2>&1 &
  PIDS[$n]=$!
}

# The nodes create/migrate the tables on start (under a lock: one of them does it).
for n in "${NODES[@]}"; do start_node "$n"; done
for n in "${NODES[@]}"; do
  if ! wait_ready "${PIDS[$n]}" "$(base_of "$n")" "$(log_of "$n")"; then
    kill -0 "${PIDS[$n]}" 2>/dev/null || unset "PIDS[$n]"
    exit 1
  fi
  say "node-$n ready at $(base_of "$n")"
done

# Ready means the database is reachable; the shards are placed a few lease periods later (the
# first node takes them all, the others get their share by handoff). Until then a request may get
# 503 with Retry-After, so the catalog waits for every node to own its share.
wait_settled() {
  local base="$1" deadline=$((SECONDS + 60)) view owned n share ok
  while ((SECONDS < deadline)); do
    view="$(curl -s "$base/admin/cluster" -H "Authorization: Bearer $SHOP_ADMIN_TOKEN" || true)"
    # The shards each UP node owns (keys in either order); settled when each has its even share.
    owned="$(grep -oE '"shards":[0-9]+,"status":"UP"|"status":"UP"[^}]*"shards":[0-9]+' \
      <<<"$view" | grep -oE '[0-9]+' || true)"
    share=$((256 / ${#NODES[@]}))
    ok=0
    for n in $owned; do ((n >= share)) && ok=$((ok + 1)); done
    ((ok == ${#NODES[@]})) && return 0
    sleep 0.5
  done
  say "the shards were not spread over ${#NODES[@]} nodes within 60s: $view"
  return 1
}
wait_settled "$(base_of 1)"
say "every node owns its share of the shards"

load_demo_catalog "$(base_of 1)"

cat <<EOF

The shop is running as three nodes of one cluster, any of them serves every route:

  node-1  $(base_of 1)   (log: $(log_of 1))
  node-2  $(base_of 2)   (log: $(log_of 2))
  node-3  $(base_of 3)   (log: $(log_of 3))

The membership as node-1 sees it:

  curl -s $(base_of 1)/admin/cluster -H 'Authorization: Bearer $SHOP_ADMIN_TOKEN'

Try (through any node):

$(print_examples "$(base_of 2)")

Remove a node: kill -TERM <its pid> (it hands its shards over and exits 0). Pids:
  node-1 ${PIDS[1]}, node-2 ${PIDS[2]}, node-3 ${PIDS[3]}
Add one (another terminal, from $ROOT):
  (set -a; . $NODE_ENV; SHOP_HTTP_PORT=8084 SHOP_CLUSTER_PORT=9084 SHOP_CLUSTER_NODE_ID=node-4 exec $SERVER)

Admin token and JWT secret are in $SECRETS. Press Ctrl-C to stop the three nodes and the database.
EOF

# Stay in the foreground until every node has ended; the traps clean up on exit.
rc=0
while ((${#PIDS[@]})); do
  ended=""
  set +e
  wait -n -p ended "${PIDS[@]}"
  status=$?
  set -e
  [[ -n "$ended" ]] || break  # no child left to wait for
  for n in "${!PIDS[@]}"; do
    if [[ "${PIDS[$n]}" == "$ended" ]]; then
      say "node-$n exited with status $status"
      unset "PIDS[$n]"
      ((status == 0)) || rc=$status
    fi
  done
done
say "every node has exited"
exit "$rc"
