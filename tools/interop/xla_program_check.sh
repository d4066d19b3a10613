#!/usr/bin/env bash
# Opt-in check (not run by mvn test) that Kiln's exported XLA programs compute in another XLA what
# they compute in TensorFlow's: jaxlib's XLA runs `./kiln compile --dump-batches N`'s programs
# from the exported starting parameters on the batches Kiln wrote, and every step's loss and the
# final parameters are compared with what Kiln's own `--jit xla` steps computed.
#   xla_program_check.sh PROGRAM_DIR [--platform cpu|cuda] [--perturb VARIABLE] ...
# Make PROGRAM_DIR with, e.g.:
#   ./kiln compile --preset sst2-lstm-2020 --dump-batches 100 --data-dir DATA --out PROGRAM_DIR
# Venvs (gitignored): tools/interop/.venv (TensorFlow, only to read the checkpoints) and
# tools/interop/.venv-jax (jax/jaxlib 0.10.2), from the machine's local wheel index.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/venv.sh"
programs="$(cd "$1" && pwd)"
shift
export TF_CPP_MIN_LOG_LEVEL=3

interop_require tensorflow 'tensorflow-cpu==2.21.*'
jax_venv="$here/.venv-jax"
if ! "$jax_venv/bin/python" -c "import jax" 2>/dev/null; then
  echo "== installing jax/jaxlib 0.10.2 into $jax_venv"
  [ -x "$jax_venv/bin/python" ] || python3 -m venv "$jax_venv"
  "$jax_venv/bin/pip" install --index-url "${KILN_PIP_INDEX_URL:-file:///opt/pypi/simple}" \
    'jax==0.10.2' 'jaxlib==0.10.2'
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== TensorFlow reads the checkpoints (tf.train.load_checkpoint)"
"$interop_venv/bin/python" "$here/ckpt_to_npz.py" \
  "$programs/parameters/ckpt" "$work/start.npz" "$programs/batches/after/ckpt" "$work/after.npz"
echo "== jaxlib's XLA runs the programs"
"$jax_venv/bin/python" "$here/xla_program_check.py" "$programs" "$work/start.npz" \
  "$work/after.npz" "$@"
