#!/usr/bin/env bash
# Run one named stage of `make test`, printing its wall-clock time:
#   scripts/stage.sh "native tests" cargo test
set -euo pipefail
name=$1
shift
printf '\n==> %s: %s\n' "$name" "$*"
start=$(date +%s)
status=0
"$@" || status=$?
elapsed=$(( $(date +%s) - start ))
if [ "$status" -eq 0 ]; then
    printf '<== %s: ok in %ss\n' "$name" "$elapsed"
else
    printf '<== %s: FAILED (exit %s) after %ss\n' "$name" "$status" "$elapsed"
fi
exit "$status"
