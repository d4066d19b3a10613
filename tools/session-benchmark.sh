#!/usr/bin/env bash
# The cost of one serving_default session run of each export, in-process (no server), the exports
# taken in turn so that a busy machine slows them alike:
#
#   tools/session-benchmark.sh [--rows 1] [--sentence TEXT] [--rounds 30] VERSION_DIR...
#
# VERSION_DIR is a SavedModel directory (`./kiln export`'s BASE/<version>). Compare, e.g., an
# export written before the bucketed serving graph with one written after, on 1 and 8 rows.
#
#   tools/session-benchmark.sh --bucket-xla VERSION_DIR [--length 12] [--rows 1,8,32]
#       [--intra-op 1] [--runs 300]
#
# times instead one bucket's function of a bucketed export run by TensorFlow's executor and
# compiled by XLA (dev.kiln.tools.serve.BucketXlaProbe).
set -euo pipefail

main=dev.kiln.tools.serve.SessionRunBenchmark
if [[ "${1:-}" == "--bucket-xla" ]]; then
  main=dev.kiln.tools.serve.BucketXlaProbe
  shift
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/runs/session-benchmark"
mkdir -p "$out"
if ! (cd "$repo" && mvn -B -q -ntp -Dstyle.color=never -DskipTests -pl tools -am package \
    dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/tools.classpath" \
    > "$out/tools-build.log" 2>&1); then
  cat "$out/tools-build.log" >&2
  exit 1
fi
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -cp "$repo/tools/target/classes:$(cat "$out/tools.classpath")" \
  "$main" "$@"
