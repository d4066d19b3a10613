#!/usr/bin/env bash
# Opt-in benchmark (not run by mvn test): sst2-lstm-2020, side by side, one system after another
# on the same data and configuration: Kiln --jit none, Kiln --jit xla, PyTorch and JAX/Flax (the
# two Python programs beside this script are written for this comparison: same model,
# initialisation scale, optimizer, bucketing and batch size). Waits for an idle machine before each
# system, then prints one table: epoch 1, the median of the other epochs, the ratio to Kiln xla,
# peak resident memory (GNU time), dev accuracy after N epochs.
#   tools/bench/sst2_lstm_bench.sh [--data DIR] [--tfds DIR] [--epochs N] [--out DIR]
#                                  [--systems "kiln-none kiln-xla kiln-xla-warm pytorch jax-flax"]
#                                  (also kiln-none-lazy, kiln-xla-lazy: --set optimizer=lazy_adam)
#                                  [--preset NAME]
# --preset: the Kiln preset the kiln-* systems train (default sst2-lstm-2020; the PyTorch and JAX
# programs exist for that one only), e.g. sst2-bilstm-attention, sst2-transformer or imdb-cnn with
# a --tfds dir that holds its dataset, to compare --jit none and xla on the other presets.
# --data: the shared data folder holding sst2/{train,dev}.tsv (default ../shared/data);
# --tfds: a TFDS data dir with glue/sst2 prepared (default: prepared into OUT from --data).
# kiln-xla starts with an empty persistent XLA cache in OUT (a cold start); kiln-xla-warm is a
# second run on kiln-xla's cache, as a user's second run of a preset on the same machine. Venvs (gitignored):
# tools/bench/.venv-torch (torch 2.13) and tools/bench/.venv-flax (jax/jaxlib 0.10.2, flax,
# optax), built from the machine's local wheel index on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/../shared/data"
tfds=""
epochs=3
out=""
systems="kiln-none kiln-xla kiln-xla-warm pytorch jax-flax"
preset=sst2-lstm-2020
index="${KILN_PIP_INDEX_URL:-file:///opt/pypi/simple}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --tfds) tfds="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --systems) systems="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    *) echo "sst2_lstm_bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ "$preset" != sst2-lstm-2020 && ( "$systems" == *pytorch* || "$systems" == *jax-flax* ) ]]; then
  echo "sst2_lstm_bench.sh: the pytorch and jax-flax programs train sst2-lstm-2020 only, not --preset $preset" >&2
  exit 2
fi
if [[ "$preset" != sst2-* && -z "$tfds" ]]; then
  echo "sst2_lstm_bench.sh: --preset $preset needs --tfds, a TFDS data dir holding its dataset" >&2
  exit 2
fi
[[ -f "$data/sst2/train.tsv" ]] || { echo "sst2_lstm_bench.sh: no $data/sst2/train.tsv (--data)" >&2; exit 2; }
data="$(cd "$data" && pwd)"
out="${out:-$(mktemp -d)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
command -v /usr/bin/time >/dev/null || { echo "sst2_lstm_bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 2; }

venv() { # venv DIR MODULE PIP_SPEC...
  local dir="$1" module="$2"
  shift 2
  if ! "$dir/bin/python" -c "import $module" 2>/dev/null; then
    echo "== installing $* into $dir"
    [[ -x "$dir/bin/python" ]] || python3 -m venv "$dir"
    "$dir/bin/pip" install -q --index-url "$index" "$@"
  fi
}

# Waits (at most 10 minutes) until the 1-minute load average is under 0.3; says so if it is not.
wait_idle() {
  local waited=0 load
  while load=$(cut -d' ' -f1 /proc/loadavg) && awk -v l="$load" 'BEGIN { exit !(l >= 0.3) }'; do
    if (( waited >= 600 )); then
      echo "== machine not idle after 10 min (load $load): timing anyway" | tee -a "$out/notes.txt"
      return
    fi
    sleep 10
    waited=$((waited + 10))
  done
}

kiln_run() { # kiln_run SYSTEM JIT XLA_CACHE [KEY=VALUE]
  local system="$1" jit="$2" workdir="$out/$1" extra=()
  [[ -n "${4:-}" ]] && extra=(--set "$4")
  rm -rf "$workdir"
  env -u TF_XLA_FLAGS KILN_XLA_CACHE="$3" /usr/bin/time -v -o "$out/$system.time" "$root/kiln" train --preset "$preset" \
    --data-dir "$tfds" --workdir "$workdir" --jit "$jit" --set "num_epochs=$epochs" "${extra[@]}" \
    > "$out/$system.log" 2>&1
  python3 -c '
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    print(json.dumps({"system": sys.argv[2], "epoch": m["epoch"], "seconds": m["epoch_seconds"],
                      "dev_accuracy": m["eval_accuracy"]}))' "$workdir/metrics.jsonl" "$system" \
    > "$out/$system.jsonl"
}

python_run() { # python_run SYSTEM VENV PROGRAM
  /usr/bin/time -v -o "$out/$1.time" "$2/bin/python" "$here/$3" "$data" "$epochs" \
    > "$out/$1.jsonl" 2> "$out/$1.log"
}

if [[ -z "$tfds" && "$systems" == *kiln* ]]; then
  tfds="$out/tfds"
  "$root/kiln" prepare glue/sst2 --source "$data/sst2" --data-dir "$tfds" > "$out/prepare.log" 2>&1
fi
[[ "$systems" == *pytorch* ]] && venv "$here/.venv-torch" torch 'torch==2.13.*' numpy
[[ "$systems" == *jax-flax* ]] && venv "$here/.venv-flax" flax 'jax==0.10.2' 'jaxlib==0.10.2' flax optax numpy
# Build the launcher before any timing.
[[ "$systems" == *kiln* ]] && "$root/kiln" --version > /dev/null

for system in $systems; do
  wait_idle
  echo "== $system: $epochs epochs ($(date -u +%H:%M:%S) UTC)"
  case "$system" in
    kiln-none) kiln_run kiln-none none "" ;;
    kiln-xla) rm -rf "$out/xla-cache"; kiln_run kiln-xla xla "$out/xla-cache" ;;
    kiln-xla-warm) kiln_run kiln-xla-warm xla "$out/xla-cache" ;;
    kiln-none-lazy) kiln_run kiln-none-lazy none "" optimizer=lazy_adam ;;
    kiln-xla-lazy) rm -rf "$out/xla-cache-lazy"; kiln_run kiln-xla-lazy xla "$out/xla-cache-lazy" optimizer=lazy_adam ;;
    pytorch) python_run pytorch "$here/.venv-torch" sst2_lstm_torch.py ;;
    jax-flax) python_run jax-flax "$here/.venv-flax" sst2_lstm_flax.py ;;
    *) echo "sst2_lstm_bench.sh: unknown system $system" >&2; exit 2 ;;
  esac || echo "== $system failed: $out/$system.log"
done
echo "== results in $out; preset $preset; $(nproc) cores, $(uname -m)"
python3 "$here/sst2_lstm_table.py" "$out" $systems
