#!/usr/bin/env bash
# Creates .venv at the repository root with the Python tools the tests use (dev_env/requirements-sdk.txt):
# DataHub's Python SDK, Schemathesis, and moto's server as the stand-in for S3.
# Idempotent: reinstalls only when the requirements file changed since the last successful install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/dev_env/requirements-sdk.txt"
STAMP="$VENV/.requirements-sdk.sha256"

PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "python-venv: $PYTHON not found; install Python 3.9+ (e.g. apt-get install python3 python3-venv)" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "python-venv: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

wanted="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
  echo "python-venv: $VENV is up to date"
  exit 0
fi

echo "python-venv: installing $(grep -v '^#' "$REQUIREMENTS" | xargs)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
# Written last, so an interrupted install is retried on the next run.
echo "$wanted" >"$STAMP"
echo "python-venv: done"
