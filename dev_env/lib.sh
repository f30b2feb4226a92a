# Shared helpers for the dev_env scripts. Source it; do not run it.
# shellcheck shell=bash

DATASPOKE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export DATASPOKE_ROOT

log() { printf '[dev_env] %s\n' "$*" >&2; }
die() {
  printf '[dev_env] ERROR: %s\n' "$*" >&2
  exit 1
}

# A short, stable id for this checkout, so two clones on one machine keep separate state.
repo_hash() { printf '%s' "$DATASPOKE_ROOT" | sha256sum | cut -c1-12; }

# sudo-less root check: installing Debian packages and running PostgreSQL as its own user need root.
is_root() { [ "$(id -u)" -eq 0 ]; }

_APT_UPDATED=0
# apt_install PKG...: installs the given Debian packages, running `apt-get update` once per script run.
apt_install() {
  is_root || die "need root to apt-get install $* (or install them yourself)"
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if [ "$_APT_UPDATED" -eq 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update </dev/null >&2 || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "$@" </dev/null >&2 ||
    die "apt-get install $* failed"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds or the time is up.
wait_for() {
  local timeout="$1" what="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# port_in_use PORT: true when something listens on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Node dependencies: `npm ci` when node_modules is missing or older than package-lock.json.
ensure_node_deps() {
  command -v node >/dev/null || die "node is not installed (Node.js >= 20.19 is required)"
  command -v npm >/dev/null || die "npm is not installed"
  local lock="$DATASPOKE_ROOT/package-lock.json" hidden="$DATASPOKE_ROOT/node_modules/.package-lock.json"
  if [ ! -f "$hidden" ] || [ "$lock" -nt "$hidden" ]; then
    log "installing Node dependencies (npm ci)"
    # onnxruntime-node bundles its CPU runtime; its postinstall only fetches CUDA binaries from NuGet. npm 11
    # skips it (package.json's allowScripts denies it); the variable makes an older npm skip it too.
    (cd "$DATASPOKE_ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund) >&2 || die "npm ci failed"
  else
    log "Node dependencies are up to date"
  fi
}

# The Python venv with DataHub's SDK (acryl-datahub), when the project has a script for it.
ensure_python_venv() {
  local script="$DATASPOKE_ROOT/dev_env/python-venv.sh"
  if [ -f "$script" ]; then
    log "Python venv (dev_env/python-venv.sh)"
    bash "$script" >&2 || die "dev_env/python-venv.sh failed"
  fi
}

# detached CMD...: runs CMD (a daemon that forks into the background) with stdin from /dev/null and every
# inherited descriptor above 2 closed, so the daemon holds no pipe of the caller (a CI runner waiting for
# its output to end would otherwise wait for the daemon too).
detached() {
  (
    local fd
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "$@" </dev/null
  )
}

# Chromium from Debian for the browser (end-to-end) tests, driven by playwright-core at /usr/bin/chromium.
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then
    log "chromium is installed"
  else
    apt_install chromium
  fi
}
