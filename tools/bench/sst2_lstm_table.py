"""Prints the side-by-side table from sst2_lstm_bench.sh's results directory.

Each system left RESULTS/<system>.jsonl (one JSON object per epoch: seconds, dev_accuracy) and
RESULTS/<system>.time (GNU time -v output, for the peak resident memory of the whole process).
  sst2_lstm_table.py RESULTS SYSTEM...
"""

import json
import os
import re
import statistics
import sys


def peak_gib(time_file):
    with open(time_file) as f:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    return int(match.group(1)) / 1024 / 1024 if match else float("nan")


def main():
    results, systems = sys.argv[1], sys.argv[2:]
    rows = []
    for system in systems:
        path = os.path.join(results, system + ".jsonl")
        epochs = []
        if os.path.exists(path):
            with open(path) as f:
                epochs = [json.loads(line) for line in f if line.strip()]
        if not epochs:
            rows.append((system, None))
            continue
        steady = statistics.median(e["seconds"] for e in epochs[1:]) if len(epochs) > 1 else None
        rows.append((system, {
            "epochs": len(epochs), "first": epochs[0]["seconds"], "steady": steady,
            "peak": peak_gib(os.path.join(results, system + ".time")),
            "accuracy": epochs[-1]["dev_accuracy"]}))
    reference = dict(rows).get("kiln-xla")
    print("| system | epoch 1 | steady epoch (median of 2–N) | steady ÷ Kiln xla | peak memory"
          " | dev accuracy after N |")
    print("|---|---|---|---|---|---|")
    for system, r in rows:
        if r is None:
            print(f"| {system} | failed (see {system}.log) | | | | |")
            continue
        steady = f"{r['steady']:.1f} s" if r["steady"] is not None else "–"
        ratio = "–"
        if r["steady"] is not None and reference and reference.get("steady"):
            ratio = f"{r['steady'] / reference['steady']:.2f}"
        print(f"| {system} | {r['first']:.1f} s | {steady} | {ratio} | {r['peak']:.2f} GiB"
              f" | {100 * r['accuracy']:.2f} % (N={r['epochs']}) |")


if __name__ == "__main__":
    main()
