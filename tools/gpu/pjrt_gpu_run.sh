#!/usr/bin/env bash
# Runs on the GPU machine (no JVM there; JAX with CUDA installed): unpacks the bundle that
# pjrt_gpu_prepare.sh made, finds JAX's CUDA PJRT plugin (jax_plugins/xla_cuda*/
# xla_cuda_plugin.so) and runs Kiln's programs through it from the bundled Java runtime with
# dev.kiln.pjrt.PjrtProgramRun: the steps chained on the GPU, each loss sum compared with
# Kiln's own XLA step on the CPU (rel. 1e-5), seconds per step.
#   bash tools/gpu/pjrt_gpu_run.sh [BUNDLE]        (default tools/gpu/.bundle/kiln-pjrt-gpu.tar.gz)
# Runs format "hlo" (the serialized HloModuleProto) with Kiln's compile options (and, if that
# fails, with JAX's default compile options), then format "mlir" (StableHLO). Everything it
# prints also goes to $OUT/pjrt_gpu_run.log. Exit status: 0 if a run passed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle="${1:-$here/.bundle/kiln-pjrt-gpu.tar.gz}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
exec > >(tee "$out/pjrt_gpu_run.log") 2>&1
python="${KILN_PYTHON:-python3}"
limit="${KILN_RUN_TIMEOUT:-200}"

echo "== machine"
date -u; uname -srm; ldd --version 2>&1 | head -1
nvidia-smi -L 2>&1 || echo "(no nvidia-smi)"
[[ -f "$bundle" ]] || { echo "no bundle $bundle: run tools/gpu/pjrt_gpu_prepare.sh first and carry it"; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$bundle"
"$work/jre/bin/java" -version 2>&1 | head -1

echo "== JAX's CUDA PJRT plugin"
found="$("$python" - <<'PY'
import glob, os, site, sys
dirs = list(dict.fromkeys([p for p in sys.path if p] + site.getsitepackages()
                          + [site.getusersitepackages()]))
plugins = sorted(p for d in dirs for p in glob.glob(os.path.join(d, "jax_plugins", "xla_cuda*", "xla_cuda_plugin.so")))
libs = sorted(p for d in dirs for p in glob.glob(os.path.join(d, "nvidia", "*", "lib")))
nvcc = sorted(p for d in dirs for p in glob.glob(os.path.join(d, "nvidia", "cuda_nvcc")))
print(plugins[0] if plugins else "")
print(":".join(libs))
print(nvcc[0] if nvcc else "")
PY
)"
plugin="$(sed -n 1p <<<"$found")"
nvidia_libs="$(sed -n 2p <<<"$found")"
cuda_nvcc="$(sed -n 3p <<<"$found")"
"$python" -c "import jax, jaxlib; print('jax', jax.__version__, 'jaxlib', jaxlib.__version__)" 2>&1 | tail -1
[[ -n "$plugin" ]] || { echo "no jax_plugins/xla_cuda*/xla_cuda_plugin.so in $python's packages (pip install jax-cuda13-pjrt)"; exit 2; }
echo "plugin: $plugin"
# The plugin links the CUDA libraries pip installed under site-packages/nvidia/*/lib; JAX puts
# them on the path itself, a JVM needs them named.
export LD_LIBRARY_PATH="${nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# XLA's GPU compiler calls ptxas/nvlink; pip's nvidia-cuda-nvcc package has them (JAX finds them
# through its own Python code, which a JVM does not run).
if [[ -n "$cuda_nvcc" ]]; then
  export PATH="$cuda_nvcc/bin:$PATH"
  export XLA_FLAGS="${XLA_FLAGS:---xla_gpu_cuda_data_dir=$cuda_nvcc}"
  echo "CUDA tools: $cuda_nvcc (XLA_FLAGS=$XLA_FLAGS)"
fi

"$python" -c "
from jax._src.lib import xla_client
open('$work/jax_compile_options.pb', 'wb').write(xla_client.CompileOptions().SerializeAsString())
" 2>/dev/null && echo "JAX's default CompileOptionsProto: $(wc -c < "$work/jax_compile_options.pb") bytes"

run() { # label, then PjrtProgramRun's options
  local label="$1"; shift
  echo "== run: $label"
  local start=$SECONDS
  timeout "$limit" "$work/jre/bin/java" -Xss4m -cp "$work/lib/*" dev.kiln.pjrt.PjrtProgramRun \
    "$work/programs" --pjrt-plugin "$plugin" "$@"
  local status=$?
  echo "== $label: exit $status after $((SECONDS - start)) s"
  return $status
}

passed=1
run "format hlo, Kiln's compile options" --format hlo && passed=0
if [[ $passed -ne 0 && -f "$work/jax_compile_options.pb" ]]; then
  run "format hlo, JAX's compile options" --format hlo --compile-options "$work/jax_compile_options.pb" && passed=0
fi
if ! ls "$work"/programs/*.mlir >/dev/null 2>&1; then
  echo "== converting to StableHLO with this machine's jaxlib"
  "$python" "$here/hlo_to_mlir.py" "$work/programs" || echo "(conversion failed)"
fi
if ls "$work"/programs/*.mlir >/dev/null 2>&1; then
  run "format mlir (StableHLO), Kiln's compile options" --format mlir && passed=0
fi
echo "== done: $([[ $passed -eq 0 ]] && echo "a run passed" || echo "no run passed")"
exit $passed
