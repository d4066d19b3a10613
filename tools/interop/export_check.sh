#!/usr/bin/env bash
# Opt-in check that TensorFlow's Python loader serves the export of a real, fully trained Kiln
# workdir exactly as Kiln does (not run by mvn test; savedmodel_check.sh does the same for a tiny
# model it trains itself):
#
#   tools/interop/export_check.sh WORKDIR DATA_DIR [COUNT]
#
# Exports WORKDIR's best checkpoint with ./kiln export (labels from DATA_DIR's prepared dataset),
# scores COUNT texts of the eval split's source (default 400; SST-2 dev sentences from
# ../shared/data/sst2/dev.tsv, IMDB test reviews from ../shared/data/imdb/test.jsonl.gz, plus a few
# awkward strings) with ./kiln predict, then runs export_check.py in the venv: tf.saved_model.load
# and serving_default on the same texts must give the same labels and probabilities (2e-6).
# GPT-2 exports are fed through tiktoken's r50k_base, whose ranks file is taken from JTokkit's jar
# (this machine has no network; tiktoken checks the file's published sha256 itself).
#   KILN_PIP_INDEX_URL  wheel index (default: this machine's local index file:///opt/pypi/simple)
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 WORKDIR DATA_DIR [COUNT]" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
workdir="$1"
data_dir="$2"
count="${3:-400}"
shared="$repo/../shared/data"
source "$here/venv.sh"
venv="$interop_venv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TF_CPP_MIN_LOG_LEVEL=3

interop_require tensorflow 'tensorflow-cpu==2.21.*'
dataset="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["dataset"])' \
  "$workdir/config.json")"
tokenizer="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"].get("tokenizer", "none"))' \
  "$workdir/config.json")"
model="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["model"])' \
  "$workdir/config.json")"
echo "== $workdir: dataset $dataset, model $model, tokenizer $tokenizer"

case "$dataset" in
  glue/sst2) python3 - "$shared/sst2/dev.tsv" "$count" > "$work/texts.txt" <<'PY' ;;
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")[1:-1]
for row in rows[:int(sys.argv[2])]:
    print(row.split("\t")[0])
PY
  imdb_reviews) python3 - "$shared/imdb/test.jsonl.gz" "$count" > "$work/texts.txt" <<'PY' ;;
import gzip, json, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
    for line, _ in zip(f, range(int(sys.argv[2]))):
        print(" ".join(json.loads(line)["text"].split("\n")))
PY
  *) echo "export_check: no texts for dataset $dataset" >&2; exit 2 ;;
esac
printf '%s\n' "" "  the   film	was  dull  " $'\u00a0moving\u2003film\u0085plot' "ünïcödé awful" \
  "qqq zzz xyzzy" >> "$work/texts.txt"

if [[ "$tokenizer" == gpt2 ]]; then
  interop_require tiktoken tiktoken
  jar="$(find "${HOME}/.m2/repository/com/knuddels/jtokkit" -name 'jtokkit-*.jar' | sort | tail -n 1)"
  export TIKTOKEN_CACHE_DIR="$work/tiktoken"
  mkdir -p "$TIKTOKEN_CACHE_DIR"
  # tiktoken caches a ranks file under the sha1 of its URL and checks the file's sha256.
  key="$(printf '%s' 'https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken' | sha1sum | cut -d' ' -f1)"
  unzip -p "$jar" com/knuddels/jtokkit/r50k_base.tiktoken > "$TIKTOKEN_CACHE_DIR/$key"
fi

echo "== ./kiln export, then ./kiln predict on $(wc -l < "$work/texts.txt") texts"
"$repo/kiln" export --workdir "$workdir" --data-dir "$data_dir" --export-dir "$work/models"
"$repo/kiln" predict --model "$work/models" < "$work/texts.txt" > "$work/kiln.txt"

echo "== tf.saved_model.load($work/models/1) serving_default"
"$venv/bin/python" "$here/export_check.py" "$work/models/1" "$work/texts.txt" "$work/kiln.txt" \
  2> "$work/python.err" || { cat "$work/python.err" >&2; exit 1; }
echo "== export check OK"
