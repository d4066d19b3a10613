#!/usr/bin/env bash
# Multi-worker throughput of sst2-lstm-2020 on this machine: 1, 2 and 3 workers on 127.0.0.1,
# each for the same fixed number of steps (default 40 global batches, in one epoch). The global
# batch is 96, not the preset's 64, which 3 workers cannot share evenly.
#
#   bash tools/multiworker/benchmark.sh DATA_DIR [STEPS]
#
# DATA_DIR holds glue/sst2 prepared (./kiln prepare glue/sst2 --data-dir DATA_DIR). Prints a table:
# examples/s over the epoch (graph warm-up of each bucket included, as in metrics.jsonl), the
# step's collectives timed between the workers at their largest sizes (KILN_TIME_COLLECTIVES=1,
# after training), scaling efficiency (examples/s over 1 worker's: all workers share this
# machine's cores, so 1.0 means no loss to the exchange; the issue's goal is 0.8 for 2 workers on
# 2 cores), and each worker's peak
# resident memory (GNU time's maximum RSS). One worker uses every core; N workers use one
# intra-op thread each. Takes a few minutes on an idle 2-core machine; figures on a busy machine
# are not comparable.
set -euo pipefail
data_dir=${1:?usage: benchmark.sh DATA_DIR [STEPS]}
steps=${2:-40}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$root/kiln" presets >/dev/null # builds the launcher once, before workers start in parallel
args=(--preset sst2-lstm-2020 --data-dir "$data_dir" --set "train_split=train[:$((steps * 96))]"
  --set batch_size=96
  --set "eval_split=validation[:64]" --set num_epochs=1 --set checkpoint_every_steps=0)

free_ports() {
  python3 -c "import socket
s=[socket.socket() for _ in range($1)]
[x.bind(('127.0.0.1',0)) for x in s]
print(','.join('127.0.0.1:%d' % x.getsockname()[1] for x in s))"
}

printf '%-8s %12s %26s %12s %s\n' workers examples/s "collectives ms/step" efficiency \
  "peak RSS MB per worker"
base=""
for n in 1 2 3; do
  dir="$work/w$n"
  if [ "$n" = 1 ]; then
    /usr/bin/time -f '%M' -o "$dir.rss0" "$root/kiln" train "${args[@]}" --workdir "$dir" \
      >"$dir.log0" 2>&1
    collectives="-"
  else
    cluster=$(free_ports "$n")
    for ((i = 0; i < n; i++)); do
      KILN_TIME_COLLECTIVES=1 /usr/bin/time -f '%M' -o "$dir.rss$i" "$root/kiln" train \
        "${args[@]}" --workdir "$dir" --cluster "$cluster" --task-index "$i" \
        --intra-op-threads 1 >"$dir.log$i" 2>&1 &
    done
    wait
    collectives=$(grep -h '^collectives per step' "$dir.log0" | sed 's/collectives per step: //')
  fi
  eps=$(python3 -c "import json;print(round(json.loads(open('$dir/metrics.jsonl').readline())['examples_per_second'],1))")
  base=${base:-$eps}
  rss=$(for ((i = 0; i < n; i++)); do echo $(( $(tail -1 "$dir.rss$i") / 1024 )); done | paste -sd/)
  printf '%-8s %12s %26s %12s %s\n' "$n" "$eps" "${collectives%% (*}" \
    "$(python3 -c "print('%.2f' % ($eps / $base))")" "$rss"
  [ "$n" = 1 ] || grep -h '^collectives per step' "$dir.log0" | sed 's/^/    /'
done
