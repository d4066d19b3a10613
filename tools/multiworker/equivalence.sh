#!/usr/bin/env bash
# The full-size equivalence check: sst2-lstm-2020 for 20 global batches (one epoch of train[:20·B],
# bucketed as usual) on 2 workers (--local-workers) and on 1, B = 64; then on 3 workers and on 1
# with B = 96 (64 is not divisible by 3). Compares the chief's metrics.jsonl with the single
# process's: train loss and accuracy over the 20 steps, eval loss and accuracy of the final weights
# on the whole validation split, to 1e-5 relative.
#
#   bash tools/multiworker/equivalence.sh DATA_DIR
#
# DATA_DIR holds glue/sst2 prepared. A few minutes on an idle 2-core machine. (The per-step
# losses and weights are compared in CI, on a small model: DataParallelEquivalenceTest.)
set -euo pipefail
data_dir=${1:?usage: equivalence.sh DATA_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/kiln" presets >/dev/null
for n in 2 3; do
  batch=$([ "$n" = 2 ] && echo 64 || echo 96)
  args=(--preset sst2-lstm-2020 --data-dir "$data_dir" --set "train_split=train[:$((20 * batch))]"
    --set batch_size=$batch --set num_epochs=1 --set checkpoint_every_steps=0)
  for workers in 1 "$n"; do
    extra=()
    [ "$workers" = 1 ] || extra=(--local-workers "$workers")
    "$root/kiln" train "${args[@]}" --workdir "$work/n$n-w$workers" "${extra[@]}" \
      >"$work/n$n-w$workers.log" 2>&1 || { cat "$work/n$n-w$workers.log"; exit 1; }
  done
done
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
fields = ["train_loss", "train_accuracy", "eval_loss", "eval_accuracy"]
worst = 0.0
for n in (2, 3):
    one = json.loads(open(f"{work}/n{n}-w1/metrics.jsonl").readline())
    m = json.loads(open(f"{work}/n{n}-w{n}/metrics.jsonl").readline())
    assert m["step"] == one["step"], (n, m["step"], one["step"])
    print(f"{n} workers and 1: {one['step']} steps each")
    for f in fields:
        rel = abs(m[f] - one[f]) / abs(one[f])
        worst = max(worst, rel)
        print(f"{n} workers {f:15s} {m[f]:.9f}  1 worker {one[f]:.9f}  relative {rel:.1e}")
print(f"largest relative difference {worst:.1e}")
sys.exit(0 if worst <= 1e-5 else 1)
PY
