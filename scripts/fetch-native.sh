#!/usr/bin/env bash
# Fetches llama.cpp's prebuilt native libraries (and, on request, its matching source) from npm.
# Nothing here is committed: libraries land in .native/<backend>/, source in the user cache.
#   scripts/fetch-native.sh cpu      -> .native/cpu/   (libllama, libggml*, CPU variants)
#   scripts/fetch-native.sh cuda     -> .native/cuda/  (the same plus libggml-cuda.so)
#   scripts/fetch-native.sh source   -> ~/.cache/thoughtboard/llama.cpp (git clone of the bundle)
set -euo pipefail
VERSION=3.22.1
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${THOUGHTBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thoughtboard}
what=${1:-cpu}

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required ($2)" >&2; exit 1; }; }

unpack_libs() { # package, destination
  local pkg=$1 dest=$2 tmp
  if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$pkg" ]; then return 0; fi
  need npm "install Node.js and npm: apt-get install nodejs npm"
  tmp=$(mktemp -d)
  echo "Fetching $pkg from npm..."
  (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$dest"; mkdir -p "$dest"
  # Only the shared libraries the binding loads; the Node addon and its helper library are not needed.
  find "$tmp/package/bins" -name '*.so' ! -name 'libllama-common.so' -exec cp {} "$dest/" \;
  rm -rf "$tmp"
  echo "$pkg" > "$dest/.version"
  echo "Native libraries ready in $dest"
}

case "$what" in
  cpu)  unpack_libs "@node-llama-cpp/linux-x64@$VERSION" "$root/.native/cpu" ;;
  cuda) unpack_libs "@node-llama-cpp/linux-x64-cuda@$VERSION" "$root/.native/cuda" ;;
  source)
    dest="$cache/llama.cpp"
    if [ -d "$dest/.git" ]; then echo "$dest"; exit 0; fi
    need git "apt-get install git"; need npm "apt-get install nodejs npm"
    tmp=$(mktemp -d); mkdir -p "$cache"
    (cd "$tmp" && npm pack --silent "node-llama-cpp@$VERSION" >/dev/null)
    tar xzf "$tmp"/*.tgz -C "$tmp" package/llama/gitRelease.bundle
    git -c advice.detachedHead=false clone --quiet "$tmp/package/llama/gitRelease.bundle" "$dest.tmp"
    rm -rf "$tmp"; mv "$dest.tmp" "$dest"
    echo "$dest" ;;
  *) echo "usage: scripts/fetch-native.sh cpu|cuda|source" >&2; exit 2 ;;
esac
