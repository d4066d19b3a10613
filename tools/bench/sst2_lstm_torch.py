"""The sst2-lstm-2020 model and training in PyTorch, written for Kiln's side-by-side benchmark.

Word dropout 0.1 to <unk>, embedding 256 ~ N(0, 0.1), dropout 0.5, LSTM 256 read at each
example's last real token, dropout 0.5, Dense 256, tanh, dropout 0.5, Dense 1 without bias;
sigmoid cross-entropy averaged over the real rows; Adam 5e-4 with L2 1e-6 on every parameter but
the embedding; batches of 64 by 8-id buckets (sst2_data). Prints one JSON line per epoch.
  sst2_lstm_torch.py DATA_DIR EPOCHS [--threads 2] [--seed 0] [--train-limit N]
"""

import argparse
import json
import time

import numpy as np
import torch
from torch import nn

import sst2_data


class LstmClassifier(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, 256)
        nn.init.normal_(self.embedding.weight, std=0.1)
        self.lstm = nn.LSTM(256, 256, batch_first=True)
        self.hidden = nn.Linear(256, 256)
        self.output = nn.Linear(256, 1, bias=False)
        self.dropout = nn.Dropout(0.5)

    def forward(self, ids, lengths):
        if self.training:
            real = (ids > sst2_data.EOS)
            drop = torch.rand(ids.shape) < 0.1
            ids = torch.where(real & drop, torch.full_like(ids, sst2_data.UNK), ids)
        x = self.dropout(self.embedding(ids))
        states, _ = self.lstm(x)
        last = states[torch.arange(ids.shape[0]), lengths - 1]
        h = self.dropout(last)
        h = self.dropout(torch.tanh(self.hidden(h)))
        return self.output(h).squeeze(-1)

    def l2_parameters(self):
        return [p for name, p in self.named_parameters() if not name.startswith("embedding")]


def run_epoch(model, optimizer, split, order, train):
    model.train(train)
    loss_sum = correct = weight = 0.0
    for ids, lengths, labels, weights in split.batches(order):
        ids, lengths = torch.from_numpy(ids).long(), torch.from_numpy(lengths).long()
        labels, weights = torch.from_numpy(labels), torch.from_numpy(weights)
        with torch.set_grad_enabled(train):
            logits = model(ids, lengths)
            losses = nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction="none")
            batch_loss = (losses * weights).sum()
            if train:
                l2 = sum((p * p).sum() for p in model.l2_parameters())
                objective = batch_loss / weights.sum() + 1e-6 * l2
                optimizer.zero_grad(set_to_none=True)
                objective.backward()
                optimizer.step()
        loss_sum += float(batch_loss.detach())
        correct += float((((logits > 0).float() == labels).float() * weights).sum())
        weight += float(weights.sum())
    return loss_sum / weight, correct / weight


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("epochs", type=int)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-limit", type=int, help="first N train examples (a smoke test)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    train, dev, vocab_size = sst2_data.load(args.data_dir, args.train_limit)
    model = LstmClassifier(vocab_size)
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        train_loss, _ = run_epoch(model, optimizer, train, rng.permutation(len(train.encoded)), True)
        dev_loss, dev_accuracy = run_epoch(
            model, optimizer, dev, np.arange(len(dev.encoded)), False)
        print(json.dumps({"system": "pytorch", "epoch": epoch,
                          "seconds": time.perf_counter() - start, "train_loss": train_loss,
                          "dev_accuracy": dev_accuracy, "peak_rss_gib": sst2_data.peak_rss_gib()}),
              flush=True)


if __name__ == "__main__":
    main()
