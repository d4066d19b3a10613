#!/usr/bin/env bash
# Opt-in check of Kiln's TFDS split specs (not run by mvn test): Kiln prepares imdb_reviews from
# the shared imdb/{train,test}.jsonl.gz, Python re-shards it unevenly (train 9999 + 1 + 7777 +
# 7223; test, its first 24,999 reviews, 12345 + 1 + 12653, an odd size), and for each spec below
# the records Kiln reads must be the records tf.data reads for TFDS's file instructions: the same
# count, the same first and last shard position, the same sha256 over all of them in order.
# TFDS's file instructions come from tensorflow_datasets when the venv has it; this machine's
# wheel index has no tensorflow-datasets, so then they come from split_check.py's transcription
# of TFDS's rules (Python's own round() and slicing), which the output says.
#   KILN_SHARED_DATA  directory holding imdb/{train,test}.jsonl.gz (default: <repo>/../shared/data)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$here/venv.sh"
shared="${KILN_SHARED_DATA:-$repo/../shared/data}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TF_CPP_MIN_LOG_LEVEL=2

interop_require tensorflow 'tensorflow-cpu==2.21.*'
python=("$interop_venv/bin/python" "$here/split_check.py")

echo "== building kiln-datasets"
(cd "$repo" && mvn -B -q -pl datasets test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt")
java=(java -cp "$repo/datasets/target/test-classes:$repo/datasets/target/classes:$(cat "$work/classpath.txt")"
  dev.kiln.datasets.interop.InteropMain)

echo "== Kiln prepares imdb_reviews; Python re-shards it unevenly"
"${java[@]}" prepare imdb_reviews "$shared/imdb" "$work/tfds"
"${python[@]}" reshard "$work/tfds/imdb_reviews/plain_text/1.0.0" "$work/uneven"

specs=(train test 'train[:90%]' 'train[90%:]' 'train[:20000]' 'test[10%:20%]' 'train+test'
  'train[-1000:]' 'test[-1000:]' 'test[:50%]' 'test[50%:]' 'test[:-10%]' 'test[-30%:]'
  'test[33.5%:66.7%]' 'test[0.002%:0.006%]' 'train[9999:10001]' 'train[39.996%:40%]'
  'train[1shard]' 'train[-1shard]' 'train[:-2shard]' 'test[1shard:]' 'test[10%:20]'
  'train[1_000:2_000]' 'test[:1%] + train[99%:]' 'train[5:5]+test[:3]' 'train[10.002%:50.002%]'
  'train[:0.018%]' all)
"${java[@]}" slice "$work/uneven" "${specs[@]}" > "$work/kiln.txt"
"${python[@]}" expect "$work/uneven" "${specs[@]}" > "$work/expected.txt"
if diff -u "$work/expected.txt" "$work/kiln.txt"; then
  echo "${#specs[@]} specs: Kiln reads the same records, in the same order:"
  cut -f1-4 "$work/kiln.txt" | sed 's/^/  /'
  echo "== split specs OK"
else
  echo "split specs: MISMATCH" >&2
  exit 1
fi
