"""Runs Kiln's exported XLA programs in jaxlib's XLA (not TensorFlow's) and compares them with
what Kiln's own XLA steps computed on the same batches.

The program directory comes from `./kiln compile --dump-batches N`: manifest.json, one
HloModuleProto per step, the starting parameters and, under batches/, the batches, Kiln's
per-step sums (reference.jsonl) and every variable after those steps. The parameters must first
be converted to .npz (ckpt_to_npz.py, which needs TensorFlow only to read the checkpoint).

Each module is converted to StableHLO by jaxlib's own converter, compiled by jaxlib's XLA for the
chosen platform, and run step after step with the variables it returns fed to the next step.

Usage: xla_program_check.py PROGRAMS START.npz AFTER.npz [--platform cpu|cuda] [--steps N]
           [--loss-rtol 1e-5] [--param-tol 1e-4] [--perturb VARIABLE]
Exits 0 and prints PASS when every step's loss and every final parameter are within tolerance,
else prints FAIL and exits 1.
"""
import argparse
import json
import os
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)  # the step counter is s64
import numpy as np  # noqa: E402
from jax._src.lib import xla_client  # noqa: E402
from jax.extend.backend import get_backend  # noqa: E402

DTYPES = {"f32": np.float32, "s32": np.int32, "s64": np.int64, "f64": np.float64,
          "pred": np.bool_, "u8": np.uint8, "s8": np.int8}


class Programs:
    """Compiles each program of the manifest once, on first use."""

    def __init__(self, directory, backend):
        self.directory = directory
        self.backend = backend
        self.device = backend.local_devices()[0]
        manifest = json.load(open(os.path.join(directory, "manifest.json")))
        self.by_name = {p["name"]: p for p in manifest["programs"]}
        self.compiled = {}
        self.compile_seconds = 0.0

    def get(self, name):
        if name not in self.compiled:
            start = time.perf_counter()
            module = open(os.path.join(self.directory, self.by_name[name]["hlo"]), "rb").read()
            stablehlo = xla_client._xla.mlir.hlo_to_stablehlo(module)
            self.compiled[name] = self.backend.compile_and_load(
                stablehlo, self.backend.local_devices()[:1], xla_client.CompileOptions())
            self.compile_seconds += time.perf_counter() - start
        return self.by_name[name], self.compiled[name]

    def run(self, name, variables, batch):
        """Runs program `name`; returns its outputs by name, updating `variables` in place."""
        program, executable = self.get(name)
        args = []
        for p in program["parameters"]:
            value = variables[p["name"]] if p["role"] == "variable" else batch[p["name"]]
            expected = DTYPES[p["dtype"]]
            if value.dtype != expected or list(value.shape) != p["shape"]:
                sys.exit(f"{name}: parameter {p['index']} ({p['role']} {p['name']}) should be "
                         f"{p['dtype']}{p['shape']}, got {value.dtype}{list(value.shape)}")
            args.append(jax.device_put(value, self.device))
        results = executable.execute(args)
        outputs = {}
        for o, result in zip(program["outputs"], results):
            value = np.asarray(result)
            if o["role"] == "variable":
                variables[o["name"]] = value
            else:
                outputs[o["name"]] = value
        return outputs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("programs")
    parser.add_argument("start")
    parser.add_argument("after")
    parser.add_argument("--platform", default="cpu")
    parser.add_argument("--steps", type=int, default=0, help="0: every step in reference.jsonl")
    parser.add_argument("--loss-rtol", type=float, default=1e-5)
    parser.add_argument("--param-tol", type=float, default=1e-4)
    parser.add_argument("--perturb", metavar="VARIABLE",
                        help="add 1e-3 to one starting variable, to show the check can fail")
    args = parser.parse_args()

    backend = get_backend(args.platform)
    print(f"jaxlib {jax.__version__} XLA on {args.platform}: {backend.local_devices()[0]}")
    programs = Programs(args.programs, backend)
    variables = dict(np.load(args.start))
    if args.perturb:
        variables[args.perturb] = variables[args.perturb] + np.asarray(
            1e-3, variables[args.perturb].dtype)
    batches_dir = os.path.join(args.programs, "batches")
    reference = [json.loads(line) for line in open(os.path.join(batches_dir, "reference.jsonl"))]
    if args.steps:
        reference = reference[:args.steps]

    worst_loss = (0.0, -1)
    start = time.perf_counter()
    for ref in reference:
        step_dir = os.path.join(batches_dir, f"{ref['step']:05d}")
        batch = {name[:-4]: np.load(os.path.join(step_dir, name))
                 for name in os.listdir(step_dir)}
        out = programs.run(ref["program"], variables, batch)
        loss, kiln_loss = float(out["loss_sum"]), ref["loss_sum"]
        rel = abs(loss - kiln_loss) / max(abs(kiln_loss), 1e-30)
        if rel > worst_loss[0]:
            worst_loss = (rel, ref["step"])
        if ref["step"] < 3 or ref["step"] % 25 == 0 or ref["step"] == len(reference) - 1:
            print(f"step {ref['step']:4d} {ref['program']:>15}: loss_sum {loss:.6f} jaxlib,"
                  f" {kiln_loss:.6f} Kiln (rel. diff {rel:.2e});"
                  f" correct {float(out['correct']):.0f} / {ref['correct']:.0f}")
    seconds = time.perf_counter() - start
    print(f"{len(reference)} steps in {seconds:.1f} s, of which {programs.compile_seconds:.1f} s"
          f" converting and compiling {len(programs.compiled)} programs")

    failed = worst_loss[0] > args.loss_rtol
    print(f"largest loss difference: {worst_loss[0]:.2e} relative at step {worst_loss[1]}"
          f" (tolerance {args.loss_rtol:g})")
    after = dict(np.load(args.after))
    if args.steps:
        print("(final parameters not compared: --steps ran fewer steps than the reference)")
    else:
        worst_param = (0.0, "")
        for name, expected in after.items():
            got = variables[name]
            if expected.dtype.kind in "iub":
                diff = float(np.max(np.abs(got.astype(np.int64) - expected.astype(np.int64))))
            else:
                diff = float(np.max(np.abs(got - expected)) / max(1.0, np.max(np.abs(expected))))
            worst_param = max(worst_param, (diff, name))
        failed |= worst_param[0] > args.param_tol
        print(f"largest parameter difference: {worst_param[0]:.2e} in {worst_param[1]}"
              f" (max |a-b| / max(1, max |b|); tolerance {args.param_tol:g}) over"
              f" {len(after)} variables")
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
