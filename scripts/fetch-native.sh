#!/usr/bin/env bash
# Fetches llama.cpp's prebuilt native libraries (and, on request, its matching source) from npm.
# Nothing here is committed: libraries land in .native/<backend>/, source in the user cache.
#   scripts/fetch-native.sh cpu      -> .native/cpu/   (libllama, libggml*, CPU variants)
#   scripts/fetch-native.sh cuda     -> .native/cuda/  (the same plus libggml-cuda.so)
#   scripts/fetch-native.sh source   -> ~/.cache/thoughtboard/llama.cpp (git clone of the bundle; it also holds
#                                       the vocabulary the demo model is generated with)
# THOUGHTBOARD_NPM_PACKAGES=<folder> takes the package tarballs from that folder instead of the registry (named as
# `npm pack` names them, e.g. node-llama-cpp-linux-x64-3.22.1.tgz): for machines without the registry, and for
# tests. They still go through `npm pack`, so the path is the same as a download.
set -euo pipefail
tmp=
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT
VERSION=3.22.1
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${THOUGHTBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thoughtboard}
what=${1:-cpu}

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required ($2)" >&2; exit 1; }; }

# Packs one npm package into the folder: from the registry, or from THOUGHTBOARD_NPM_PACKAGES.
pack() { # package@version, folder
  local spec=$1
  need npm "install Node.js and npm: apt-get install nodejs npm"
  if [ -n "${THOUGHTBOARD_NPM_PACKAGES:-}" ]; then
    # "@scope/name@1.2.3" -> "scope-name-1.2.3.tgz", npm's own naming.
    local file
    file=$(printf '%s' "$spec" | sed -e 's/^@//' -e 's/\//-/' -e 's/@\([^@]*\)$/-\1/').tgz
    spec="$(cd "$THOUGHTBOARD_NPM_PACKAGES" && pwd)/$file"
    [ -f "$spec" ] || { echo "error: $spec is missing (THOUGHTBOARD_NPM_PACKAGES is set to $THOUGHTBOARD_NPM_PACKAGES)" >&2; exit 1; }
  fi
  (cd "$2" && npm pack --silent "$spec" >/dev/null) || { echo "error: npm pack $1 failed; see npm's messages above" >&2; exit 1; }
}

unpack_libs() { # package, destination
  local pkg=$1 dest=$2
  if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$pkg" ]; then return 0; fi
  tmp=$(mktemp -d)
  echo "Fetching $pkg from npm..."
  pack "$pkg" "$tmp"
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$dest"; mkdir -p "$dest"
  # Only the shared libraries the binding loads; the Node addon and its helper library are not needed.
  find "$tmp/package/bins" -name '*.so' ! -name 'libllama-common.so' -exec cp {} "$dest/" \;
  echo "$pkg" > "$dest/.version"
  echo "Native libraries ready in $dest"
}

case "$what" in
  cpu)  unpack_libs "@node-llama-cpp/linux-x64@$VERSION" "$root/.native/cpu" ;;
  cuda) unpack_libs "@node-llama-cpp/linux-x64-cuda@$VERSION" "$root/.native/cuda" ;;
  source)
    dest="$cache/llama.cpp"
    if [ -d "$dest/.git" ]; then echo "$dest"; exit 0; fi
    need git "apt-get install git"
    tmp=$(mktemp -d); mkdir -p "$cache"
    pack "node-llama-cpp@$VERSION" "$tmp"
    tar xzf "$tmp"/*.tgz -C "$tmp" package/llama/gitRelease.bundle
    rm -rf "$dest.tmp"
    git -c advice.detachedHead=false clone --quiet "$tmp/package/llama/gitRelease.bundle" "$dest.tmp"
    mv "$dest.tmp" "$dest"
    echo "$dest" ;;
  *) echo "usage: scripts/fetch-native.sh cpu|cuda|source" >&2; exit 2 ;;
esac
