#!/usr/bin/env bash
# Installs, only when missing, what the test suite starts for itself on a
# Debian/Ubuntu machine: redis-server and PostgreSQL (the integration suites run
# throwaway instances on loopback ports, see test/support/global-setup.ts),
# HAProxy (the three-node deployment test puts it in front of the nodes) and
# Chromium (the browser tests drive it headless). Needs root or sudo for apt-get.
set -euo pipefail

step() { printf '\n==> %s\n' "$*"; }

# Debian keeps the postgres server binaries off PATH, under /usr/lib/postgresql/<version>/bin.
has_postgres() {
  if [[ -n "${PG_BIN:-}" ]]; then
    [[ -x "$PG_BIN/postgres" && -x "$PG_BIN/initdb" ]]
    return
  fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/postgres" && -x "$dir/initdb" ]] && return 0
  done
  return 1
}

install_system_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  has_postgres || missing+=(postgresql)
  command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  if ((${#missing[@]} == 0)); then
    step "redis-server, postgresql, haproxy and chromium are installed"
    return
  fi
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  step "installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

install_system_packages
