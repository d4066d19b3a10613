"""SST-2 as Kiln's sst2 presets see it, for the side-by-side benchmark's PyTorch and JAX programs.

Same text (GLUE SST-2 TSVs, byte-exact with TFDS glue/sst2), same words (whitespace split), the
same vocabulary (train split, min_freq 5; <pad> <unk> <s> </s>, then by descending count, ties by
token), <s> ... </s> around at most 53 words, buckets 8 ids wide up to 55, batches of 64 taken
bucket by bucket from a per-epoch shuffle, the last batch of a bucket padded with weight-0 rows.
Only numpy; no framework here.
"""

import collections
import csv
import os

import numpy as np

PAD, UNK, BOS, EOS = 0, 1, 2, 3
MIN_FREQ = 5
MAX_LENGTH = 55
BUCKET_SIZE = 8
BATCH_SIZE = 64


def read_tsv(path):
    """(sentences, labels) of a GLUE SST-2 TSV with a `sentence<TAB>label` header."""
    sentences, labels = [], []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[:2] != ["sentence", "label"]:
            raise SystemExit(f"{path}: line 1: expected header sentence<TAB>label, got {header}")
        for line, row in enumerate(reader, start=2):
            if len(row) != 2:
                raise SystemExit(f"{path}: line {line}: expected 2 fields, got {len(row)}")
            sentences.append(row[0])
            labels.append(float(row[1]))
    return sentences, np.asarray(labels, dtype=np.float32)


def vocabulary(sentences):
    counts = collections.Counter(w for s in sentences for w in s.split())
    kept = sorted((w for w, c in counts.items() if c >= MIN_FREQ), key=lambda w: (-counts[w], w))
    ids = {w: i + 4 for i, w in enumerate(kept)}
    return ids, len(kept) + 4


def encode(sentences, ids):
    encoded = []
    for s in sentences:
        words = s.split()[: MAX_LENGTH - 2]
        encoded.append([BOS] + [ids.get(w, UNK) for w in words] + [EOS])
    return encoded


def boundaries():
    count = (MAX_LENGTH + BUCKET_SIZE - 1) // BUCKET_SIZE
    return [min(i * BUCKET_SIZE, MAX_LENGTH) for i in range(1, count + 1)]


class Split:
    """Encoded examples with their bucket; batches() yields numpy batches of one bucket each."""

    def __init__(self, encoded, labels):
        self.encoded = encoded
        self.labels = labels
        self.lengths = np.asarray([len(e) for e in encoded], dtype=np.int32)
        self.bounds = boundaries()
        self.bucket = np.searchsorted(self.bounds, self.lengths)

    def batches(self, order):
        """(ids [64, T] int32, lengths [64] int32, labels [64] f32, weights [64] f32) per batch."""
        for b, seq_len in enumerate(self.bounds):
            rows = order[self.bucket[order] == b]
            for start in range(0, len(rows), BATCH_SIZE):
                chunk = rows[start : start + BATCH_SIZE]
                ids = np.zeros((BATCH_SIZE, seq_len), dtype=np.int32)
                lengths = np.ones(BATCH_SIZE, dtype=np.int32)
                labels = np.zeros(BATCH_SIZE, dtype=np.float32)
                weights = np.zeros(BATCH_SIZE, dtype=np.float32)
                for i, row in enumerate(chunk):
                    ids[i, : self.lengths[row]] = self.encoded[row]
                    lengths[i] = self.lengths[row]
                    labels[i] = self.labels[row]
                    weights[i] = 1.0
                yield ids, lengths, labels, weights

    def batch_count(self):
        return sum(
            (int(np.sum(self.bucket == b)) + BATCH_SIZE - 1) // BATCH_SIZE
            for b in range(len(self.bounds))
        )


def load(data_dir, train_limit=None):
    """(train, dev, vocabulary size) from DATA_DIR/sst2/{train,dev}.tsv; train_limit (a smoke
    test) keeps the first examples of train after the vocabulary is built from all of it."""
    train_s, train_y = read_tsv(os.path.join(data_dir, "sst2", "train.tsv"))
    dev_s, dev_y = read_tsv(os.path.join(data_dir, "sst2", "dev.tsv"))
    ids, size = vocabulary(train_s)
    train_s, train_y = train_s[:train_limit], train_y[:train_limit]
    return Split(encode(train_s, ids), train_y), Split(encode(dev_s, ids), dev_y), size


def peak_rss_gib():
    """This process's peak resident memory (VmHWM), GiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")
