#!/usr/bin/env bash
# Runs DataSpoke: installs what is missing, builds, and starts the embedded stack in one process on one
# port (PORT, default 4000). tools/demo loads the demo catalog into an empty store first; the start command
# migrates the store and prints its URLs. Extra arguments go to `dataspoke start` (e.g. dev_env/start.sh --open).
#
# Environment: PORT, HOST, DATASPOKE_DATA_DIR (default ./.dataspoke), DATABASE_URL (PostgreSQL instead of
# the file-backed PGlite), and the rest listed in README.md.
set -euo pipefail
# shellcheck source=dev_env/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DATASPOKE_ROOT"

ensure_node_deps

log "building (npm run build)"
npm run --silent build >&2 || die "build failed"

[ -f gateway/dist/cli.js ] || die "gateway/dist/cli.js is missing after the build"
# The demo catalog is a development tool (tools/demo), loaded into an empty store before the product starts.
node tools/demo/dist/cli.js load || die "loading the demo catalog failed"
# A larger young generation: a busy server allocates a short-lived response tree per request, and with V8's
# default semi-space it spends a tenth of its time in scavenges (bench:gateway runs with the same setting).
exec node --max-semi-space-size=64 gateway/dist/cli.js start "$@"
