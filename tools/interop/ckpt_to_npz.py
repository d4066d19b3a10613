"""Reads TensorFlow checkpoints with tf.train.load_checkpoint and writes each as an .npz of its
variables (by checkpoint name), for checks that run without TensorFlow.

Usage: ckpt_to_npz.py PREFIX OUT.npz [PREFIX OUT.npz ...]
"""
import sys

import numpy as np
import tensorflow as tf


def main(pairs):
    for prefix, out in zip(pairs[::2], pairs[1::2]):
        reader = tf.train.load_checkpoint(prefix)
        names = sorted(reader.get_variable_to_shape_map())
        np.savez(out, **{name: reader.get_tensor(name) for name in names})
        print(f"{prefix}: {len(names)} variables -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
