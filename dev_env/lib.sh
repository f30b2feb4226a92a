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

# --- Node.js runtime ---------------------------------------------------------------------------------------
# The one pin of the Node.js version the dev_env scripts run (package.json's engines asks for its major or
# later). A machine whose `node` is older gets this version from the npm registry's node-linux-<arch>
# package (the official binary; npm checks the tarball against the registry's integrity hash), unpacked
# into a git-ignored folder of the checkout. npm itself stays the machine's: it is JavaScript and runs under
# whichever `node` is first on PATH.
DATASPOKE_NODE_VERSION=24.22.3
DATASPOKE_NODE_MAJOR="${DATASPOKE_NODE_VERSION%%.*}"
NODE_RUNTIME_DIR="$DATASPOKE_ROOT/dev_env/.runtime/node-$DATASPOKE_NODE_VERSION"

# node_major [NODE]: the major version of NODE (default: the `node` on PATH), or nothing.
node_major() {
  local v
  v="$("${1:-node}" --version 2>/dev/null)" || return 1
  v="${v#v}"
  printf '%s\n' "${v%%.*}"
}

# Puts the project-local runtime first on PATH when it is installed. Runs when lib.sh is sourced, so every
# dev_env script and everything it starts (npm, npx, vitest's workers) use the same node.
use_node_runtime() {
  [ -x "$NODE_RUNTIME_DIR/bin/node" ] || return 1
  case ":$PATH:" in *":$NODE_RUNTIME_DIR/bin:"*) ;; *) PATH="$NODE_RUNTIME_DIR/bin:$PATH" ;; esac
  export PATH
  hash -r
}

# Makes `node` on PATH Node.js DATASPOKE_NODE_MAJOR or later: the machine's when it is recent enough,
# otherwise the pinned runtime, installed on first use.
ensure_node_runtime() {
  local major
  major="$(node_major)" || major=0
  if [ "$major" -ge "$DATASPOKE_NODE_MAJOR" ]; then
    log "node $(node --version) ($(command -v node))"
    return 0
  fi
  command -v npm >/dev/null || die "npm is not installed (it fetches Node.js $DATASPOKE_NODE_VERSION from the npm registry)"
  local arch
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) arch=x64 ;;
    Linux-aarch64) arch=arm64 ;;
    *) die "no node-linux package for $(uname -s) $(uname -m); install Node.js >= $DATASPOKE_NODE_MAJOR yourself" ;;
  esac
  local pkg="node-linux-$arch@$DATASPOKE_NODE_VERSION"
  log "node on PATH: $(node --version 2>/dev/null || echo none), older than $DATASPOKE_NODE_MAJOR: installing $pkg from the npm registry into ${NODE_RUNTIME_DIR#"$DATASPOKE_ROOT"/}"
  local tmp
  mkdir -p "$(dirname "$NODE_RUNTIME_DIR")"
  tmp="$(mktemp -d "$(dirname "$NODE_RUNTIME_DIR")/.install.XXXXXX")"
  # npm pack fetches the tarball only (no install scripts run) and verifies its integrity.
  if ! (cd "$tmp" && npm pack --silent --no-audit --no-fund "$pkg" >pack.out 2>&1); then
    cat "$tmp/pack.out" >&2
    rm -rf "$tmp"
    die "npm pack $pkg failed"
  fi
  mkdir -p "$tmp/node"
  tar -xzf "$tmp"/node-linux-*.tgz -C "$tmp/node" --strip-components=1 package/bin/node package/LICENSE ||
    {
      rm -rf "$tmp"
      die "unpacking $pkg failed"
    }
  local got
  got="$("$tmp/node/bin/node" --version 2>/dev/null)" || got="(does not run)"
  if [ "$got" != "v$DATASPOKE_NODE_VERSION" ]; then
    rm -rf "$tmp"
    die "$pkg unpacked a node that reports $got"
  fi
  # Moved into place last, so an interrupted install is retried on the next run.
  rm -rf "$NODE_RUNTIME_DIR"
  mv "$tmp/node" "$NODE_RUNTIME_DIR"
  rm -rf "$tmp"
  use_node_runtime || die "the node runtime at $NODE_RUNTIME_DIR does not run"
  log "node $(node --version) ($(command -v node))"
}

use_node_runtime || true

# --- Helm ---------------------------------------------------------------------------------------------------
# The chart in helm-charts/ is linted and rendered by this Helm, built from its source on the Go module proxy
# (helm.sh/helm/v4) into a git-ignored folder of the checkout. Go's module and build caches live outside the
# checkout, so a fresh clone on a machine that built it once links it again in seconds.
DATASPOKE_HELM_VERSION=4.3.2
HELM_RUNTIME_DIR="$DATASPOKE_ROOT/dev_env/.runtime/helm-$DATASPOKE_HELM_VERSION"

# Sets DATASPOKE_HELM to the pinned helm, building it on first use.
ensure_helm() {
  if [ ! -x "$HELM_RUNTIME_DIR/helm" ]; then
    local go=go
    command -v go >/dev/null || go=/usr/local/go/bin/go
    [ -x "$(command -v "$go")" ] || die "go is not installed: helm is built from the Go module proxy (helm.sh/helm/v4@v$DATASPOKE_HELM_VERSION)"
    log "helm: building helm.sh/helm/v4 v$DATASPOKE_HELM_VERSION from the Go module proxy into ${HELM_RUNTIME_DIR#"$DATASPOKE_ROOT"/}"
    local tmp
    mkdir -p "$(dirname "$HELM_RUNTIME_DIR")"
    tmp="$(mktemp -d "$(dirname "$HELM_RUNTIME_DIR")/.helm.XXXXXX")"
    if ! GOBIN="$tmp" "$go" install "helm.sh/helm/v4/cmd/helm@v$DATASPOKE_HELM_VERSION" >"$tmp/build.log" 2>&1; then
      cat "$tmp/build.log" >&2
      rm -rf "$tmp"
      die "building helm v$DATASPOKE_HELM_VERSION failed"
    fi
    rm -f "$tmp/build.log"
    # Moved into place last, so an interrupted build is retried on the next run.
    rm -rf "$HELM_RUNTIME_DIR"
    mv "$tmp" "$HELM_RUNTIME_DIR"
  fi
  DATASPOKE_HELM="$HELM_RUNTIME_DIR/helm"
  export DATASPOKE_HELM
  log "helm $("$DATASPOKE_HELM" version --short 2>/dev/null) ($DATASPOKE_HELM)"
}

# Node dependencies: `npm ci` when node_modules is missing, older than package-lock.json, or installed under
# another major version of Node.js.
ensure_node_deps() {
  ensure_node_runtime
  command -v npm >/dev/null || die "npm is not installed"
  local lock="$DATASPOKE_ROOT/package-lock.json" hidden="$DATASPOKE_ROOT/node_modules/.package-lock.json"
  local stamp="$DATASPOKE_ROOT/node_modules/.dataspoke-node-major" major
  major="$(node_major)"
  if [ ! -f "$hidden" ] || [ "$lock" -nt "$hidden" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$major" ]; then
    log "installing Node dependencies (npm ci)"
    # onnxruntime-node bundles its CPU runtime; its postinstall only fetches CUDA binaries from NuGet. npm 11
    # skips it (package.json's allowScripts denies it); the variable makes an older npm skip it too.
    (cd "$DATASPOKE_ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund) >&2 || die "npm ci failed"
    printf '%s\n' "$major" >"$stamp"
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
