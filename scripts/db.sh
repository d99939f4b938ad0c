#!/usr/bin/env bash
# Project-local MariaDB: a private server with its own data dir, socket and
# port, so development and tests never depend on (or disturb) a system MySQL.
#
# Usage: scripts/db.sh start|stop|status|wait [--dir DIR] [--port PORT] [--name DBNAME] [--timeout SECS]
#   start   initialise DIR if needed, start mariadbd, ensure database DBNAME and
#           user 'shop'@'127.0.0.1' / 'shop'@'localhost' (password 'shop')
#   stop    clean shutdown (exit 0 if it was not running)
#   status  exit 0 if running and answering, 1 otherwise
#   wait    wait until the server answers (exit 1 on timeout)
# Defaults: DIR=<repo>/.local/mariadb, PORT=3307, DBNAME=shop, timeout 60 s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  # Print the header comment from "Usage:" down.
  awk '/^# Usage:/{p=1} p&&!/^#/{exit} p{sub(/^# ?/,""); print}' "${BASH_SOURCE[0]}" >&2
  exit 2
}
die() { echo "db.sh: error: $*" >&2; exit 1; }
log() { echo "db.sh: $*" >&2; }

VERB=""
DIR="$ROOT/.local/mariadb"
PORT=3307
NAME=shop
TIMEOUT=60
# Options may come before or after the verb.
while (($#)); do
  case "$1" in
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --dir=*) DIR="${1#*=}"; shift ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --port=*) PORT="${1#*=}"; shift ;;
    --name) NAME="${2:?--name needs a value}"; shift 2 ;;
    --name=*) NAME="${1#*=}"; shift ;;
    --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
    --timeout=*) TIMEOUT="${1#*=}"; shift ;;
    -h|--help) usage ;;
    start|stop|status|wait)
      [[ -z "$VERB" ]] || die "more than one verb given"
      VERB="$1"; shift ;;
    *) log "unknown argument: $1"; usage ;;
  esac
done
[[ -n "$VERB" ]] || usage
# Validate early: NAME is interpolated into SQL, PORT into a /dev/tcp path.
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then die "bad port: $PORT"; fi
[[ "$NAME" =~ ^[A-Za-z0-9_]+$ ]] || die "bad database name (use [A-Za-z0-9_]): $NAME"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "bad timeout: $TIMEOUT"

# Absolute paths: mariadbd runs detached and must not depend on our cwd.
# (realpath -m: no need for DIR to exist yet; only start creates it.)
DIR="$(realpath -m -- "$DIR")"
DATA="$DIR/data"
SOCK="$DIR/mysqld.sock"
PIDFILE="$DIR/mysqld.pid"
LOGFILE="$DIR/mysqld.log"
# A unix socket path is limited to 107 bytes; a deep checkout (CI clones) can
# exceed that, so fall back to a short, deterministic path derived from DIR.
if ((${#SOCK} > 100)); then
  SOCK="/tmp/shop-mariadb-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1).sock"
fi

for bin in mariadbd mariadb-install-db mariadb-admin mariadb; do
  command -v "$bin" >/dev/null 2>&1 || [[ -x "/usr/sbin/$bin" ]] ||
    die "$bin not found; run scripts/install-deps.sh"
done
# mariadbd lives in /usr/sbin, which a non-root PATH may lack.
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# --no-defaults everywhere: never pick up /etc/mysql or ~/.my.cnf settings.
# root has no password (install uses auth method 'normal'), reached via socket.
admin() { mariadb-admin --no-defaults --user=root --socket="$SOCK" --connect-timeout=2 "$@"; }
sql() { mariadb --no-defaults --user=root --socket="$SOCK" --batch --skip-column-names; }

# mariadbd refuses to run as root without --user; as non-root --user only warns.
USER_OPT=()
if (($(id -u) == 0)); then USER_OPT=(--user="$(id -un)"); fi

server_pid() {
  local pid
  [[ -f "$PIDFILE" ]] || return 1
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [[ -n "$pid" ]] || return 1
  echo "$pid"
}

# Alive = exists and is not a zombie (an orphan may wait unreaped if PID 1 is
# not a real init, and kill -0 succeeds on zombies).
pid_alive() {
  local pid="$1" state
  kill -0 "$pid" 2>/dev/null || return 1
  # State is the first field after "(comm)".
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1 || true)"
  [[ "$state" != "Z" ]]
}

pingable() { admin ping >/dev/null 2>&1; }

running() {
  local pid
  pid="$(server_pid)" && pid_alive "$pid" && pingable
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

show_log_tail() {
  if [[ -f "$LOGFILE" ]]; then
    log "last lines of $LOGFILE:"
    tail -n 30 "$LOGFILE" >&2
  fi
}

# Wait until the server answers; fail early if the process we know of died.
wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) pid
  until pingable; do
    if ((SECONDS >= deadline)); then
      log "server did not answer on $SOCK within ${TIMEOUT}s"
      show_log_tail
      return 1
    fi
    if [[ "${1:-}" == "--strict" ]] && pid="$(server_pid)" && ! pid_alive "$pid"; then
      log "mariadbd (pid $pid) exited during startup"
      show_log_tail
      return 1
    fi
    sleep 0.5
  done
}

ensure_db() {
  sql <<SQL
CREATE DATABASE IF NOT EXISTS \`$NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'shop'@'127.0.0.1' IDENTIFIED BY 'shop';
CREATE USER IF NOT EXISTS 'shop'@'localhost' IDENTIFIED BY 'shop';
ALTER USER 'shop'@'127.0.0.1' IDENTIFIED BY 'shop';
ALTER USER 'shop'@'localhost' IDENTIFIED BY 'shop';
GRANT ALL ON \`$NAME\`.* TO 'shop'@'127.0.0.1';
GRANT ALL ON \`$NAME\`.* TO 'shop'@'localhost';
SQL
}

do_start() {
  mkdir -p "$DIR"
  # Serialise concurrent start/stop on the same DIR.
  exec 9>"$DIR/db.lock"
  flock 9

  local pid
  if pid="$(server_pid)" && pid_alive "$pid"; then
    # Already started (maybe still recovering): reuse it.
    wait_ready --strict || die "mariadbd pid $pid is running but not answering"
    ensure_db
    log "already running (pid $pid, port $PORT, socket $SOCK), database '$NAME' ready"
    return 0
  fi
  rm -f "$PIDFILE"

  if port_in_use; then
    die "port $PORT on 127.0.0.1 is already in use by another process (not the server in $DIR); stop it or pick another --port"
  fi

  # The marker is written only after a successful install, so an interrupted
  # initialisation is redone instead of leaving a broken data dir.
  local marker="$DIR/initialised"
  if [[ ! -f "$marker" || ! -d "$DATA/mysql" ]]; then
    log "initialising data dir $DATA"
    rm -rf "$DATA" "$marker"
    # 'normal' = passwordless root, so the scripts can reach it as any OS user.
    if ! mariadb-install-db --no-defaults --datadir="$DATA" \
        --auth-root-authentication-method=normal --skip-test-db \
        --skip-name-resolve "${USER_OPT[@]}" >"$DIR/install-db.log" 2>&1; then
      cat "$DIR/install-db.log" >&2
      rm -rf "$DATA"
      die "mariadb-install-db failed"
    fi
    touch "$marker"
  fi

  log "starting mariadbd on 127.0.0.1:$PORT (dir $DIR)"
  # setsid+nohup: detach from our session so it outlives this script and
  # terminal signals; all fds closed/redirected so callers' pipes (CI) and our
  # lock are not held open by the daemon.
  setsid nohup "$MARIADBD" --no-defaults \
    --datadir="$DATA" --socket="$SOCK" --port="$PORT" \
    --bind-address=127.0.0.1 --pid-file="$PIDFILE" --log-error="$LOGFILE" \
    --innodb-flush-log-at-trx-commit=1 --skip-log-bin \
    --skip-name-resolve --max-connections=500 \
    --innodb-buffer-pool-size=256M "${USER_OPT[@]}" \
    </dev/null >>"$LOGFILE" 2>&1 9>&- &
  local launcher=$!

  # The pid file appears only after startup; until then watch the launcher.
  local deadline=$((SECONDS + TIMEOUT))
  until pingable; do
    if ! pid_alive "$launcher" && ! { pid="$(server_pid)" && pid_alive "$pid"; }; then
      log "mariadbd exited during startup"
      show_log_tail
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      log "mariadbd did not answer within ${TIMEOUT}s"
      show_log_tail
      exit 1
    fi
    sleep 0.5
  done
  ensure_db
  log "running (pid $(server_pid || echo '?'), port $PORT, socket $SOCK), database '$NAME' ready"
}

do_stop() {
  if [[ ! -d "$DIR" ]]; then
    log "not running (no $DIR)"
    return 0
  fi
  exec 9>"$DIR/db.lock"
  flock 9

  local pid
  if ! pid="$(server_pid)" || ! pid_alive "$pid"; then
    rm -f "$PIDFILE"
    log "not running (dir $DIR)"
    return 0
  fi
  log "stopping mariadbd (pid $pid)"
  # Clean shutdown first so InnoDB needs no crash recovery next time.
  admin shutdown >/dev/null 2>&1 || log "mariadb-admin shutdown failed; will signal"
  local deadline=$((SECONDS + TIMEOUT))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      log "still alive after ${TIMEOUT}s; sending SIGTERM"
      kill -TERM "$pid" 2>/dev/null || true
      deadline=$((SECONDS + TIMEOUT))
      while pid_alive "$pid"; do
        if ((SECONDS >= deadline)); then
          log "still alive after SIGTERM; sending SIGKILL"
          kill -KILL "$pid" 2>/dev/null || true
          sleep 1
          break
        fi
        sleep 0.5
      done
      break
    fi
    sleep 0.5
  done
  pid_alive "$pid" && die "could not stop mariadbd (pid $pid)"
  rm -f "$PIDFILE"
  log "stopped"
}

case "$VERB" in
  start) do_start ;;
  stop) do_stop ;;
  status)
    if running; then
      echo "running (pid $(server_pid), port $PORT, socket $SOCK)"
    else
      echo "not running (dir $DIR)"
      exit 1
    fi ;;
  wait) wait_ready || exit 1 ;;
esac
