#!/usr/bin/env bash
# Fetches the application schemas of bench:docs' PII sets: the CREATE TABLE (and migration) files of open-source
# applications. dev_env/pii-schemas.list, dev_env/pii-schemas-holdout.list and dev_env/pii-schemas-holdout-4.list
# (Debian bookworm packages) are tuning sets, each the hold-out until its one run; dev_env/pii-schemas-holdout-5.list
# is the reporting hold-out, mostly from other registries.
# Each list line names a source pinned to an exact version:
#   deb:package=version (or a bare package=version)   apt-get download (no install, no root)
#   pypi:name==version                                 python3 -m pip download --no-deps --only-binary :all: (the wheel)
#   go:module@version                                  the module's zip from the Go module proxy
#   crate:name@version                                 the .crate from the host cargo downloads crates from
#   maven:group:artifact:version                       the jar from Maven Central
#   npm:name@version                                   npm pack (the package's tarball)
# and a path inside that archive (for a Go module, a crate or an npm package, inside its top folder), which may be a bash glob
# (extglob) over one folder's files: a migrations folder. Only the listed files are copied, into
# dev_env/.runtime/pii-schemas/<app>/<path> for all lists; an app may appear in only one list, so that two sets
# never share a folder. Idempotent: a file (or, for a glob, any matching file) already there is kept.
# When Debian's archive no longer serves a pinned version the script takes the current one and says so, because
# the labels name columns, and a newer schema may add or drop some (the bench then reports the labelled columns it
# cannot find); the other registries keep every version, so a pin they refuse is an error.
set -euo pipefail
shopt -s extglob nullglob

# shellcheck source=dev_env/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LISTS=("$DATASPOKE_ROOT/dev_env/pii-schemas.list" "$DATASPOKE_ROOT/dev_env/pii-schemas-holdout.list"
  "$DATASPOKE_ROOT/dev_env/pii-schemas-holdout-4.list" "$DATASPOKE_ROOT/dev_env/pii-schemas-holdout-5.list")
DEST="$DATASPOKE_ROOT/dev_env/.runtime/pii-schemas"
GOPROXY_URL="${GOPROXY_URL:-https://proxy.golang.org}"
CRATES_URL="${CRATES_URL:-https://static.crates.io/crates}"
MAVEN_URL="${MAVEN_URL:-https://repo1.maven.org/maven2}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "pii-schemas needs $tool for $source"
  done
}

# download URL FILE: a plain HTTPS download that fails on an HTTP error.
download() {
  curl -fsSL --retry 2 -A 'dataspoke-pii-schemas' -o "$2" "$1" || die "pii-schemas: cannot download $1"
}

fetch_deb() {
  local pin="$1" pkg="${1%%=*}"
  need apt-get dpkg-deb
  mkdir -p "$work/dl"
  if ! (cd "$work/dl" && apt-get download -q "$pin" >/dev/null 2>&1); then
    log "pii-schemas: the archive does not serve $pin; taking the current $pkg instead (labels may not match)"
    (cd "$work/dl" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
      die "apt-get download $pkg failed (run apt-get update, or check that bookworm's archive is configured)"
  fi
  local deb
  deb="$(ls "$work/dl"/*.deb)"
  log "pii-schemas: downloaded $(basename "$deb")"
  dpkg-deb -x "$deb" "$ROOT"
  rm -f "$deb"
}

fetch_pypi() {
  local pin="$1"
  need python3 unzip
  mkdir -p "$work/dl"
  python3 -m pip download -q --no-deps --only-binary :all: -d "$work/dl" "$pin" >/dev/null 2>&1 ||
    die "pii-schemas: pip download $pin failed"
  local wheel
  wheel="$(ls "$work/dl"/*.whl)"
  log "pii-schemas: downloaded $(basename "$wheel")"
  unzip -q "$wheel" -d "$ROOT"
  rm -f "$wheel"
}

fetch_go() {
  local module="${1%@*}" version="${1##*@}"
  need curl unzip
  # The proxy spells upper-case letters of a module path as '!' and the lower-case letter.
  local escaped
  escaped="$(printf '%s' "$module" | sed -E 's/([A-Z])/!\L\1/g')"
  download "$GOPROXY_URL/$escaped/@v/$version.zip" "$work/module.zip"
  log "pii-schemas: downloaded $module@$version"
  unzip -q "$work/module.zip" -d "$work/module"
  rm -f "$work/module.zip"
  mv "$work/module/$module@$version" "$ROOT"
}

fetch_crate() {
  local name="${1%@*}" version="${1##*@}"
  need curl tar
  download "$CRATES_URL/$name/$name-$version.crate" "$work/crate.tar.gz"
  log "pii-schemas: downloaded $name-$version.crate"
  mkdir -p "$work/crate"
  tar -xzf "$work/crate.tar.gz" -C "$work/crate"
  rm -f "$work/crate.tar.gz"
  mv "$work/crate/$name-$version" "$ROOT"
}

fetch_maven() {
  local group artifact version
  IFS=: read -r group artifact version <<<"$1"
  [ -n "$version" ] || die "pii-schemas: maven source $1 is not group:artifact:version"
  need curl unzip
  download "$MAVEN_URL/${group//.//}/$artifact/$version/$artifact-$version.jar" "$work/artifact.jar"
  log "pii-schemas: downloaded $artifact-$version.jar"
  unzip -q "$work/artifact.jar" -d "$ROOT"
  rm -f "$work/artifact.jar"
}

fetch_npm() {
  need npm tar
  mkdir -p "$work/dl"
  (cd "$work/dl" && npm pack --silent "$1" >/dev/null 2>&1) || die "pii-schemas: npm pack $1 failed"
  local tarball
  tarball="$(ls "$work/dl"/*.tgz)"
  log "pii-schemas: downloaded $(basename "$tarball")"
  mkdir -p "$work/npm"
  tar -xzf "$tarball" -C "$work/npm"
  rm -f "$tarball"
  mv "$work/npm/package" "$ROOT"
}

declare -A unpacked=()
# unpack SOURCE: sets ROOT to a folder holding the source's files, downloading and unpacking it once per run (not
# in a subshell, so that the record of what was unpacked survives between calls).
unpack() {
  source="$1"
  if [ -z "${unpacked[$source]:-}" ]; then
    ROOT="$work/src/${#unpacked[@]}"
    mkdir -p "$(dirname "$ROOT")"
    case "$source" in
      deb:*) mkdir -p "$ROOT" && fetch_deb "${source#deb:}" ;;
      pypi:*) mkdir -p "$ROOT" && fetch_pypi "${source#pypi:}" ;;
      go:*) fetch_go "${source#go:}" ;;
      crate:*) fetch_crate "${source#crate:}" ;;
      maven:*) mkdir -p "$ROOT" && fetch_maven "${source#maven:}" ;;
      npm:*) fetch_npm "${source#npm:}" ;;
      *)
        # The earlier lists' bare package=version (a Debian version may hold an epoch's colon after the =).
        case "${source%%=*}" in *:* | "$source") die "pii-schemas: unknown source $source (deb:, pypi:, go:, crate:, maven:, npm: or package=version)" ;; esac
        mkdir -p "$ROOT" && fetch_deb "$source"
        ;;
    esac
    unpacked[$source]="$ROOT"
  fi
  ROOT="${unpacked[$source]}"
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
    # shellcheck disable=SC2206 # the path is a glob on purpose
    present=("$DEST/$app"/$path)
    if [ "${#present[@]}" -gt 0 ] && [ -s "${present[0]}" ]; then
      continue
    fi
    unpack "$pin"
    # shellcheck disable=SC2206
    found=("$ROOT"/$path)
    [ "${#found[@]}" -gt 0 ] && [ -e "${found[0]}" ] || die "pii-schemas: $path is not in $pin"
    for file in "${found[@]}"; do
      target="$DEST/$app/${file#"$ROOT"/}"
      mkdir -p "$(dirname "$target")"
      cp "$file" "$target"
      count=$((count + 1))
    done
  done <"$list"
done

log "pii-schemas: $count file(s) unpacked; $(find "$DEST" -type f | wc -l) schema file(s) in $DEST"
