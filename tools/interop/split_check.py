"""Python side of split_check.sh: which records a TFDS split spec selects.

reshard SRC_DIR OUT_DIR   copies an imdb_reviews data set into uneven shards (train: 9999, 1,
                          7777, 7223; test: its first 24,999 records as 12345, 1, 12653)
expect DATASET_DIR SPEC.. per spec, the line InteropMain's `slice` prints, from the records
                          tf.data reads for TFDS's file instructions: with tensorflow_datasets
                          installed, TFDS's own (`info.splits[spec].file_instructions`); without
                          it, a transcription of TFDS's rules (tensorflow_datasets/core/splits.py:
                          `_str_to_relative_instruction`, `_rel_to_abs_instr` with
                          `_pct_to_abs_closest`, and shard_utils.get_file_instructions)
"""
import hashlib
import json
import os
import re
import sys

import tensorflow as tf

SHARDS = {"train": [9999, 1, 7777, 7223], "test": [12345, 1, 12653]}


def shard_name(split, index, count):
  return f"imdb_reviews-{split}.tfrecord-{index:05d}-of-{count:05d}"


def reshard(src, out):
  os.makedirs(out, exist_ok=True)
  with open(os.path.join(src, "dataset_info.json")) as f:
    info = json.load(f)
  for split in info["splits"]:
    lengths = SHARDS[split["name"]]
    records = iter(tf.data.TFRecordDataset(os.path.join(src, shard_name(split["name"], 0, 1))))
    for index, length in enumerate(lengths):
      path = os.path.join(out, shard_name(split["name"], index, len(lengths)))
      with tf.io.TFRecordWriter(path) as writer:
        for _ in range(length):
          writer.write(next(records).numpy())
    split["shardLengths"] = [str(n) for n in lengths]
  for name in ("features.json", "label.labels.txt"):
    with open(os.path.join(src, name), "rb") as f, open(os.path.join(out, name), "wb") as g:
      g.write(f.read())
  with open(os.path.join(out, "dataset_info.json"), "w") as f:
    json.dump(info, f, indent=2)
  print("resharded into", out, {k: v for k, v in SHARDS.items()})


# --- TFDS's rules, transcribed (only used without tensorflow_datasets) ---

def parse_part(spec):
  m = re.match(r"^(?P<name>[\w-]+)(\[(?P<sel>[\d\w%:.-]+)\])?$", spec)
  if not m:
    raise ValueError(spec)
  name, sel = m["name"], m["sel"]
  if name == "all":
    return name, None, None, "abs"
  if sel is None:
    return name, None, None, "abs"
  slices = [re.match(r"^((?P<val>-?[\d_.]+)(?P<unit>(?:%|shard))?)?$", x) for x in sel.split(":")]
  if not all(slices) or not any(x.group(0) for x in slices):
    raise ValueError(spec)
  if len(slices) == 1:
    from_, to, unit = slices[0]["val"], int(slices[0]["val"]) + 1, slices[0]["unit"] or "abs"
    if unit != "shard":
      raise ValueError(spec)
  else:
    from_, to = slices[0]["val"], slices[1]["val"]
    unit = slices[0]["unit"] or slices[1]["unit"] or "abs"
  conv = float if unit == "%" else int
  return name, None if from_ is None else conv(from_), None if to is None else conv(to), unit


def absolute(part, lengths_by_split):
  name, from_, to, unit = part
  lengths = lengths_by_split[name]
  n = sum(lengths)
  if unit == "%":
    from_ = 0 if from_ is None else int(round(from_ * n / 100.0))
    to = n if to is None else int(round(to * n / 100.0))
  elif unit == "shard":
    from_ = 0 if from_ is None else sum(lengths[:from_])
    if to is not None and to <= 0:
      to = len(lengths) + to
    to = n if to is None else sum(lengths[:to])
  else:
    from_ = 0 if from_ is None else from_
    to = n if to is None else to
  if abs(from_) > n or abs(to) > n:
    raise ValueError(part)
  return name, n + from_ if from_ < 0 else from_, n + to if to < 0 else to


def file_instructions_transcribed(dataset_dir, spec):
  with open(os.path.join(dataset_dir, "dataset_info.json")) as f:
    info = json.load(f)
  lengths_by_split = {s["name"]: [int(n) for n in s["shardLengths"]] for s in info["splits"]}
  parts = []
  for sub in re.split(r"\s*\+\s*", spec):
    part = parse_part(sub)
    if part[0] == "all":
      parts += [(name, None, None, "abs") for name in lengths_by_split]
    else:
      parts.append(part)
  instructions = []
  for part in parts:
    name, from_, to = absolute(part, lengths_by_split)
    lengths = lengths_by_split[name]
    start = 0
    for index, length in enumerate(lengths):
      end = start + length
      if from_ < end and to > start:
        skip = from_ - start if from_ > start else 0
        take = to - start - skip if to < end else length - skip
        if take:
          instructions.append((shard_name(name, index, len(lengths)), skip, take))
      start = end
  return instructions


def file_instructions(dataset_dir, spec):
  try:
    import tensorflow_datasets as tfds  # pylint: disable=g-import-not-at-top
  except ImportError:
    return file_instructions_transcribed(dataset_dir, spec), "TFDS rules transcribed"
  builder = tfds.builder_from_directory(dataset_dir)
  return [(os.path.basename(i.filename), i.skip, i.take)
          for i in builder.info.splits[spec].file_instructions], "tensorflow_datasets"


def expect(dataset_dir, specs):
  for spec in specs:
    instructions, source = file_instructions(dataset_dir, spec)
    digest, count, first, last = hashlib.sha256(), 0, "-", "-"
    for name, skip, take in instructions:
      ds = tf.data.TFRecordDataset(os.path.join(dataset_dir, name)).skip(skip).take(take)
      for offset, record in enumerate(ds):
        where = f"{name}:{skip + offset}"
        first = where if count == 0 else first
        last = where
        digest.update(hashlib.sha256(record.numpy()).hexdigest().encode("ascii"))
        count += 1
    print(f"{spec}\t{count}\t{first}\t{last}\t{digest.hexdigest()}")
  print(f"(boundaries from: {source})", file=sys.stderr)


if __name__ == "__main__":
  command, *args = sys.argv[1:]
  if command == "reshard":
    reshard(*args)
  elif command == "expect":
    expect(args[0], args[1:])
  else:
    sys.exit(f"unknown command {command}")
