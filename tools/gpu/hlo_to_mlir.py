"""Writes PROGRAM.mlir (StableHLO, as jaxlib's own hlo_to_stablehlo gives it) beside each
PROGRAM.hlo.pb of a Kiln program directory, for PJRT's program format "mlir".
    python hlo_to_mlir.py PROGRAM_DIR
Needs jaxlib (0.10.2 converted TensorFlow 2.18's modules here)."""
import json
import os
import sys

from jax._src.lib import xla_client


def main(directory):
    manifest = json.load(open(os.path.join(directory, "manifest.json")))
    for p in manifest["programs"]:
        source = os.path.join(directory, p["hlo"])
        if not os.path.exists(source):
            continue
        module = open(source, "rb").read()
        stablehlo = xla_client._xla.mlir.hlo_to_stablehlo(module)
        if isinstance(stablehlo, str):
            stablehlo = stablehlo.encode()
        target = os.path.join(directory, p["name"] + ".mlir")
        with open(target + ".partial", "wb") as f:
            f.write(stablehlo)
        os.replace(target + ".partial", target)
        print(f"{p['name']}.mlir: {len(stablehlo)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
