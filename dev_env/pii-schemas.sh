#!/usr/bin/env bash
# Fetches the application schemas of bench:docs' PII sets: the CREATE TABLE files of open-source applications as
# Debian bookworm packages them. dev_env/pii-schemas.list and dev_env/pii-schemas-holdout.list are tuning sets (each
# the hold-out until its one run), dev_env/pii-schemas-holdout-4.list the reporting hold-out of other applications.
# Each package is downloaded with `apt-get download` (no install, no root) and only its listed schema files are
# unpacked, into dev_env/.runtime/pii-schemas/<app>/<path inside the package> for all lists; an app may appear in
# only one list, so that two sets never share a folder. Idempotent: a file already there is kept.
# The list pins each package's version; when the archive no longer serves that version the script takes the
# current one and says so, because the labels name columns, and a newer schema may add or drop some (the
# bench then reports the labelled columns it cannot find).
set -euo pipefail

# shellcheck source=dev_env/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LISTS=("$DATASPOKE_ROOT/dev_env/pii-schemas.list" "$DATASPOKE_ROOT/dev_env/pii-schemas-holdout.list"
  "$DATASPOKE_ROOT/dev_env/pii-schemas-holdout-4.list")
DEST="$DATASPOKE_ROOT/dev_env/.runtime/pii-schemas"

command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
  die "pii-schemas needs apt-get and dpkg-deb (a Debian or Ubuntu machine with Debian bookworm's archive)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A fetched=()
# fetch_deb PACKAGE=VERSION: sets DEB to the path of the downloaded .deb, downloading it once per run (not in a
# subshell, so that the cache of what was fetched survives between calls).
fetch_deb() {
  local pin="$1" pkg="${1%%=*}" deb
  if [ -z "${fetched[$pin]:-}" ]; then
    mkdir -p "$work/$pkg"
    if ! (cd "$work/$pkg" && apt-get download -q "$pin" >/dev/null 2>&1); then
      log "pii-schemas: the archive does not serve $pin; taking the current $pkg instead (labels may not match)"
      (cd "$work/$pkg" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
        die "apt-get download $pkg failed (run apt-get update, or check that bookworm's archive is configured)"
    fi
    deb="$(ls "$work/$pkg"/*.deb)"
    fetched[$pin]="$deb"
    log "pii-schemas: downloaded $(basename "$deb")"
  fi
  DEB="${fetched[$pin]}"
}

declare -A list_of_app=()
count=0
for list in "${LISTS[@]}"; do
  while read -r app pin _dialect path; do
    case "$app" in '' | '#'*) continue ;; esac
    if [ "${list_of_app[$app]:-$list}" != "$list" ]; then
      die "pii-schemas: app $app is in both $(basename "${list_of_app[$app]}") and $(basename "$list"); rename it in one"
    fi
    list_of_app[$app]="$list"
    target="$DEST/$app/$path"
    if [ -s "$target" ]; then
      continue
    fi
    fetch_deb "$pin"
    deb="$DEB"
    mkdir -p "$work/x/$app"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x/$app" "./$path" ||
      die "$path is not in $(basename "$deb")"
    mkdir -p "$(dirname "$target")"
    mv "$work/x/$app/$path" "$target"
    count=$((count + 1))
  done <"$list"
done

log "pii-schemas: $count file(s) unpacked; $(find "$DEST" -type f | wc -l) schema file(s) in $DEST"
