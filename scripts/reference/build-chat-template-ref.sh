#!/usr/bin/env bash
# Builds Thoughtboard's chat-template reference program against the cached llama.cpp reference build
# (scripts/llama-reference.sh), once per source revision of ours; prints the program's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$("$root/scripts/llama-reference.sh")
cache=${THOUGHTBOARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thoughtboard}
src="$cache/llama.cpp"
hash=$(cat "$here/chat-template-ref.cpp" "$bin/../.source-revision" 2>/dev/null | sha256sum | cut -c1-16)
out="$cache/chat-template-ref/$hash"
if [ ! -x "$out/chat-template-ref" ]; then
  [ -f "$bin/libllama-common.so" ] || { echo "error: $bin/libllama-common.so is missing; rebuild with scripts/llama-reference.sh" >&2; exit 1; }
  mkdir -p "$out"
  # -rdynamic exports our time() so that libllama-common.so binds to it (the fixed clock; see the source).
  c++ -std=c++17 -O1 -rdynamic -I"$src/common" -I"$src/include" -I"$src/ggml/include" -I"$src/vendor" \
    "$here/chat-template-ref.cpp" -o "$out/chat-template-ref.tmp" \
    -L"$bin" -lllama-common -lllama -Wl,-rpath,"$bin" >&2
  mv "$out/chat-template-ref.tmp" "$out/chat-template-ref"
fi
echo "$out/chat-template-ref"
