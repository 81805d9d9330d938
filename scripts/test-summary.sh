#!/usr/bin/env bash
# Prints "N passed, M failed[, K skipped]" for the trx files of one `./thoughtboard test` run and exits 0 only
# when dotnet test succeeded, some test ran and none failed.
set -euo pipefail
results=$1 status=$2

note() { printf '    %s\n' "$*" >&2 || true; }

# Sums one Counters attribute over every trx file in the folder.
trx_sum() { # attribute
  local total=0 n
  for n in $(cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); do
    total=$((total + n))
  done
  echo "$total"
}

passed=$(trx_sum passed)
failed=$(( $(trx_sum failed) + $(trx_sum error) + $(trx_sum timeout) + $(trx_sum aborted) ))
# xunit's skipped tests are in the total but not executed.
skipped=$(( $(trx_sum total) - $(trx_sum executed) ))
executed=$((passed + failed))
if [ "$status" = 0 ] && [ "$executed" = 0 ]; then
  note "No test ran."
  status=1
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  note "dotnet test failed (exit $status) without a failed test: the build failed or a test host crashed."
fi
line="$passed passed, $failed failed"
[ "$skipped" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$status" = 0 ] && [ "$failed" = 0 ]
