#!/usr/bin/env bash
# Load on `./kiln serve` over loopback (127.0.0.1 only), printed as a markdown table:
#
#   tools/serve-benchmark.sh --model-base-path EXPORT_BASE [--out DIR] [--sentences FILE]
#       [--clients 8] [--requests 8000] [--large-requests 400] [--low-load-requests 500] [--warm-up-requests 4000]
#       [--rss-requests 100000] [--max-seconds 120] [--rss-max-seconds 600]
#       [--batching "--max-batch-size 32 --batch-timeout-micros 0 ..."] [--plain false]
#
# EXPORT_BASE is a `./kiln export --export-dir`. Two servers run in turn, batching off and on
# (`--enable-batching` plus --batching's options); each gets one client alone, --clients clients
# sending one-sentence requests, and --clients clients sending 64-sentence requests; the batching
# server then gets --rss-requests more, its resident memory read before and after (--plain false:
# the batching server only). Every run stops at its request count or its time limit; the table
# says how many were sent. The servers' logs go to --out (default runs/serve-benchmark).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/runs/serve-benchmark"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == "--out" ]] && out="${args[$((i + 1))]}"
done
mkdir -p "$out"
"$repo/kiln" --version > /dev/null # builds the launcher now rather than inside the first server
if ! (cd "$repo" && mvn -B -q -ntp -Dstyle.color=never -DskipTests -pl tools -am package \
    dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/tools.classpath" \
    > "$out/tools-build.log" 2>&1); then
  cat "$out/tools-build.log" >&2
  exit 1
fi
java -cp "$repo/tools/target/classes:$(cat "$out/tools.classpath")" \
  dev.kiln.tools.serve.ServeLoadBenchmark --kiln "$repo/kiln" --out "$out" "$@"
