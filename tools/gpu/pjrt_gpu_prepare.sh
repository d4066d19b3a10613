#!/usr/bin/env bash
# Prepares, on a machine with a JDK and Maven, everything pjrt_gpu_run.sh needs on a GPU machine
# that has no JVM: a trimmed Java runtime (jlink), the kiln-pjrt jar (with its JNI library) and
# Gson, and a trimmed copy of a program directory (the programs its first N batches use, the
# starting parameters as .npy, the batches, reference.jsonl), packed into one gzipped tar.
#   tools/gpu/pjrt_gpu_prepare.sh PROGRAM_DIR [--steps N] [--mlir-python PYTHON]
# PROGRAM_DIR comes from ./kiln compile --dump-batches N; a small one for sst2-lstm-2020, with
# every batch in one bucket (55 tokens), so that one train program serves all steps:
#   ./kiln compile --preset sst2-lstm-2020 --set bucket_size=55 --data-dir DATA --out DIR \
#       --dump-batches 100
# --mlir-python: a Python with jaxlib (e.g. 0.10.2) to convert each program to StableHLO here
# too (PROGRAM.mlir), so the GPU machine can try format "mlir" even if its jaxlib cannot convert.
# Output: tools/gpu/.bundle/kiln-pjrt-gpu.tar.gz (git-ignored; carry it: at most 64 MiB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
programs="$(cd "$1" && pwd)"
shift
steps=100
mlir_python=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --mlir-python) mlir_python="$2"; shift 2 ;;
    *) echo "pjrt_gpu_prepare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
jdk="${KILN_JLINK_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}"
[[ -x "$jdk/bin/jlink" && -d "$jdk/jmods" ]] || { echo "pjrt_gpu_prepare.sh: no jlink with jmods in $jdk (set KILN_JLINK_JDK)" >&2; exit 2; }
[[ -f "$programs/manifest.json" && -f "$programs/batches/reference.jsonl" ]] || { echo "pjrt_gpu_prepare.sh: $programs is no ./kiln compile --dump-batches directory" >&2; exit 2; }

out="$here/.bundle"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage/lib" "$stage/programs/batches" "$stage/programs/parameters"

echo "== kiln-pjrt jar (gcc builds its JNI library)"
(cd "$root" && mvn -B -q -ntp -o -pl pjrt -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$stage/classpath.txt")
cp "$root"/pjrt/target/kiln-pjrt-*.jar "$stage/lib/kiln-pjrt.jar"
tr ':' '\n' < "$stage/classpath.txt" | grep -v -e junit -e opentest4j -e apiguardian \
  | while read -r jar; do [[ -n "$jar" ]] && cp "$jar" "$stage/lib/"; done
rm "$stage/classpath.txt"

echo "== Java runtime (jlink from $jdk)"
"$jdk/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported --strip-debug \
  --no-header-files --no-man-pages --compress=2 --output "$stage/jre"

echo "== programs: the first $steps steps of $programs"
head -n "$steps" "$programs/batches/reference.jsonl" > "$stage/programs/batches/reference.jsonl"
cp "$programs/manifest.json" "$stage/programs/"
python3 - "$programs" "$stage/programs" "$steps" <<'PY'
import json, os, shutil, sys
src, dst, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
manifest = json.load(open(os.path.join(src, "manifest.json")))
used = sorted({json.loads(l)["program"] for l in open(os.path.join(dst, "batches/reference.jsonl"))})
by_name = {p["name"]: p for p in manifest["programs"]}
for name in used:
    shutil.copy(os.path.join(src, by_name[name]["hlo"]), os.path.join(dst, by_name[name]["hlo"]))
for a in manifest["parameter_arrays"]:
    shutil.copy(os.path.join(src, a["file"]), os.path.join(dst, a["file"]))
for step in range(steps):
    d = "batches/%05d" % step
    if os.path.isdir(os.path.join(src, d)):
        shutil.copytree(os.path.join(src, d), os.path.join(dst, d))
print("programs:", ", ".join(used))
PY
if [[ -n "$mlir_python" ]]; then
  echo "== StableHLO copies (jaxlib's hlo_to_stablehlo, with $mlir_python)"
  "$mlir_python" "$here/hlo_to_mlir.py" "$stage/programs"
fi

echo "== packing"
tar -C "$stage" -czf "$out/kiln-pjrt-gpu.tar.gz.partial" .
mv "$out/kiln-pjrt-gpu.tar.gz.partial" "$out/kiln-pjrt-gpu.tar.gz"
du -sh "$stage/jre" "$stage/lib" "$stage/programs"
ls -l "$out/kiln-pjrt-gpu.tar.gz" | awk '{printf "bundle: %s, %.1f MiB (carry limit 64 MiB)\n", $9, $5 / 1048576}'
rm -rf "$stage"
