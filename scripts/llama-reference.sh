#!/usr/bin/env bash
# Builds llama.cpp's own reference tools (CPU only) from the source that matches our native libraries,
# so our engine can be compared with llama.cpp itself for correctness and speed.
# The build lives in the user cache and is reused; the last line printed is the folder holding the tools.
#   scripts/llama-reference.sh            build if missing, print the bin folder
#   scripts/llama-reference.sh --check    print the bin folder if already built, else exit 1 (no build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${THOUGHTBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thoughtboard}
src="$cache/llama.cpp"
build="$cache/llama.cpp-build"
bin="$build/bin"
jobs=${LLAMA_REFERENCE_JOBS:-2}
# llama-batched-bench: the speed reference; llama-simple: the greedy-generation reference;
# llama-tokenize: turns the reference's text back into token ids with the model's own vocab;
# llama-common: llama.cpp's Jinja and chat layer, which scripts/reference/chat-template-ref.cpp links against.
targets=(llama-batched-bench llama-simple llama-tokenize llama-common)
outputs=(llama-batched-bench llama-simple llama-tokenize libllama-common.so)

built() {
  local t
  for t in "${outputs[@]}"; do [ -x "$bin/$t" ] || return 1; done
  # A build from another source revision would compare us against the wrong llama.cpp.
  [ -f "$build/.source-revision" ] && [ "$(cat "$build/.source-revision")" = "$(git -C "$src" rev-parse HEAD)" ]
}

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required to build the llama.cpp reference tools ($2)" >&2; exit 1; }; }

if [ "${1:-}" = "--check" ]; then
  if [ -d "$src/.git" ] && built; then echo "$bin"; exit 0; fi
  echo "llama.cpp reference tools are not built; run scripts/llama-reference.sh" >&2
  exit 1
fi

if [ ! -d "$src/.git" ]; then
  "$root/scripts/fetch-native.sh" source >/dev/null
fi

if built; then echo "$bin"; exit 0; fi

# Two test runs on one machine share the cache: the second waits for the first's build instead of racing it.
mkdir -p "$cache"
exec 9>"$cache/llama.cpp-build.lock"
if ! flock -n 9; then
  echo "Waiting for another build of the llama.cpp reference tools to finish..." >&2
  flock 9
fi
if built; then echo "$bin"; exit 0; fi

need cmake "apt-get install cmake"
need c++ "apt-get install g++"
started=$(date +%s)
echo "Building llama.cpp reference tools (${targets[*]}) in $build with -j$jobs; this takes a few minutes..." >&2
cmake -S "$src" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_OPENSSL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF \
  -DCMAKE_RUNTIME_OUTPUT_DIRECTORY="$bin" >&2
cmake --build "$build" --config Release -j"$jobs" --target "${targets[@]}" >&2
git -C "$src" rev-parse HEAD > "$build/.source-revision"
echo "Built in $(( $(date +%s) - started )) s" >&2
echo "$bin"
