#!/usr/bin/env bash
# Install everything the shop needs to build, test, run and benchmark: Debian 12
# packages from apt, and the OpenAPI validator from npm (tools/openapi, pinned by
# its package-lock.json). Fast no-op when everything is already installed, so
# test.sh and run-shop.sh can call it every time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGES=(
  # toolchain
  build-essential cmake g++ pkg-config
  # fuzz targets (tests/fuzz, preset fuzz): clang with libFuzzer
  clang libfuzzer-14-dev
  # libraries (see CMakeLists.txt)
  libcaf-dev libboost-dev libmysqlcppconn-dev libspdlog-dev catch2
  nlohmann-json3-dev libjwt-dev libssl-dev
  # shop-server's allocator (app/CMakeLists.txt)
  libjemalloc-dev
  # project-local database (scripts/db.sh); the system service is never used
  mariadb-server mariadb-client
  # load testing (bench/ uses python3 for tokens and JSON), metrics, smoke checks
  wrk prometheus curl ca-certificates python3
  # the operator dashboard's charts (embedded at build time, http/CMakeLists.txt) and the
  # browser its test drives (tests/e2e/dashboard/)
  libjs-chart.js chromium
)
# Node.js and npm for the OpenAPI validator; a machine that already has npm (e.g. a newer Node.js
# than Debian's) keeps it: Debian's npm would fight over /usr/bin/node.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

# The OpenAPI validator (redocly lint, tests/CMakeLists.txt), installed into tools/openapi from
# its lock file. Runs after the apt part, which may have just brought npm.
install_npm_tools() {
  local dir="$ROOT/tools/openapi"
  if [[ -x "$dir/node_modules/.bin/redocly" &&
        "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]]; then
    return 0
  fi
  echo "install-deps: npm ci in tools/openapi"
  (cd "$dir" && npm ci --no-audit --no-fund)
}

# Prints the packages of "$@" that are not fully installed. One dpkg-query
# call for all of them (unknown packages are simply absent from its output).
not_installed() {
  local installed
  # dpkg-query exits 1 if any package is unknown: that must not abort us
  # (set -e/pipefail) and hide the missing ones, hence the "|| true".
  installed=" $({ dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true; } |
    awk '$2 == "install" && $3 == "ok" && $4 == "installed" {print $1}' | tr '\n' ' ')"
  local pkg
  for pkg in "$@"; do
    [[ "$installed" == *" $pkg "* ]] || echo "$pkg"
  done
}

mapfile -t missing < <(not_installed "${PACKAGES[@]}")

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_npm_tools
  exit 0
fi
echo "install-deps: installing: ${missing[*]}"

# sudo only when needed: containers and CI run as root and often lack sudo.
SUDO=()
if (($(id -u) != 0)); then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: not root and no sudo" >&2; exit 1; }
  SUDO=(sudo)
fi

# noninteractive: no debconf prompts (mariadb-server, tzdata) on CI/Docker.
# Lock timeout: wait for a concurrent apt/unattended-upgrades instead of failing.
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y)
"${APT[@]}" update
"${APT[@]}" install "${missing[@]}"

# mariadb-server's postinst may start the system service; that is harmless,
# our scripts always run their own server on their own port and socket.

# Verify, so a silently skipped package fails here and not in the build.
mapfile -t still < <(not_installed "${missing[@]}")
if ((${#still[@]})); then
  echo "install-deps: still missing after install: ${still[*]}" >&2
  exit 1
fi
install_npm_tools
echo "install-deps: done"
