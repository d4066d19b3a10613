"""Loads a Kiln SavedModel export of a trained workdir with TensorFlow and compares it with
`kiln predict` on the same texts.

usage: export_check.py EXPORT_DIR TEXTS_FILE KILN_PREDICT_OUTPUT

Word-vocabulary and TF-IDF exports: `serving_default` is called on the raw texts (one a line),
as a TensorFlow Serving client would. GPT-2 exports (assets/tokenizer.json): byte-pair encoding
has no TensorFlow op, so the texts are tokenized here with tiktoken's `r50k_base` (the client's
side of a TensorFlow Serving deployment), cut to the signature's width, and sent as `token_ids` +
`lengths`; an empty text is GPT-2's `<|endoftext|>` alone, as Kiln encodes it.

Prints a summary and the first rows, and exits 1 if any label differs or any probability differs
from `kiln predict`'s by more than 2e-6.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf

TOLERANCE = 2e-6
END_OF_TEXT = 50256


def gpt2_inputs(signature, texts):
    import tiktoken
    encoding = tiktoken.get_encoding("r50k_base")
    width = signature.structured_input_signature[1]["token_ids"].shape[1]
    ids = np.zeros((len(texts), width), dtype=np.int32)
    lengths = np.zeros((len(texts),), dtype=np.int32)
    for row, text in enumerate(texts):
        tokens = encoding.encode_ordinary(text)[:width] or [END_OF_TEXT]
        ids[row, :len(tokens)] = tokens
        lengths[row] = len(tokens)
    print(f"tiktoken r50k_base: {len(texts)} texts, {int(lengths.sum())} ids, "
          f"{int((lengths == width).sum())} cut to {width}")
    return {"token_ids": tf.constant(ids), "lengths": tf.constant(lengths)}


def main(export_dir, texts_file, kiln_file):
    with open(texts_file, encoding="utf-8") as f:
        texts = f.read().split("\n")[:-1]
    with open(kiln_file, encoding="utf-8") as f:
        kiln = [line.split("\t", 2) for line in f.read().split("\n")[:-1]]
    model = tf.saved_model.load(export_dir, tags=["serve"])
    serving = model.signatures["serving_default"]
    print("signatures:", sorted(model.signatures.keys()))
    print("serving_default:", {k: (v.dtype.name, v.shape.as_list())
                               for k, v in serving.structured_input_signature[1].items()}, "->",
          {k: (v.dtype.name, v.shape.as_list()) for k, v in serving.structured_outputs.items()})
    tokenizer_file = os.path.join(export_dir, "assets", "tokenizer.json")
    if os.path.exists(tokenizer_file):
        with open(tokenizer_file, encoding="utf-8") as f:
            print("tokenizer.json:", json.load(f))
        inputs = gpt2_inputs(serving, texts)
    else:
        inputs = {"sentences": tf.constant(texts)}
    out = serving(**inputs)
    probabilities = out["probabilities"].numpy()
    labels = [label.decode("utf-8") for label in out["label"].numpy()]

    mismatches = 0
    worst = 0.0
    if len(kiln) != len(texts):
        print(f"MISMATCH: kiln predict printed {len(kiln)} rows for {len(texts)} texts")
        return 1
    for row, (text, p, label, (kiln_label, kiln_p, kiln_text)) in enumerate(
            zip(texts, probabilities, labels, kiln)):
        difference = abs(float(max(p)) - float(kiln_p))
        worst = max(worst, difference)
        ok = label == kiln_label and text == kiln_text and difference <= TOLERANCE
        if not ok or row < 5:
            print(f"{label}\t{float(max(p)):.6f}\tkiln: {kiln_label} {kiln_p}\t{text[:70]!r}"
                  + ("" if ok else "\tMISMATCH"))
        mismatches += not ok
    counts = {name: labels.count(name) for name in sorted(set(labels))}
    print(f"{len(texts)} texts: {len(texts) - mismatches} agree, {mismatches} differ; "
          f"largest probability difference {worst:.2e}; TensorFlow's labels {counts}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
