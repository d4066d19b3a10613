"""The sst2-lstm-2020 model and training in JAX/Flax, written for Kiln's side-by-side benchmark.

The model of sst2_lstm_torch.py (the Flax SST-2 2020 example's): word dropout 0.1 to <unk>,
embedding 256 ~ N(0, 0.1), dropout 0.5, LSTM 256 read at each example's last real token, dropout,
Dense 256, tanh, dropout, Dense 1 without bias; sigmoid cross-entropy over the real rows; Adam
5e-4 with L2 1e-6 on every parameter but the embedding. One jitted step per bucket length, as
Kiln compiles one per bucket. Prints one JSON line per epoch.
  sst2_lstm_flax.py DATA_DIR EPOCHS [--seed 0] [--train-limit N]
"""

import argparse
import functools
import json
import time

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax

import sst2_data


class LstmClassifier(nn.Module):
    vocab_size: int

    @nn.compact
    def __call__(self, ids, lengths, train):
        if train:
            real = ids > sst2_data.EOS
            drop = jax.random.bernoulli(self.make_rng("dropout"), 0.1, ids.shape)
            ids = jnp.where(real & drop, sst2_data.UNK, ids)
        x = nn.Embed(self.vocab_size, 256, embedding_init=nn.initializers.normal(0.1),
                     name="embedding")(ids)
        x = nn.Dropout(0.5, deterministic=not train)(x)
        (_, last), _ = nn.RNN(nn.OptimizedLSTMCell(256), return_carry=True, name="lstm")(
            x, seq_lengths=lengths)
        h = nn.Dropout(0.5, deterministic=not train)(last)
        h = nn.Dropout(0.5, deterministic=not train)(jnp.tanh(nn.Dense(256, name="hidden")(h)))
        return nn.Dense(1, use_bias=False, name="output")(h)[:, 0]


def l2(params):
    return sum(jnp.sum(p * p) for name, sub in params.items() if name != "embedding"
               for p in jax.tree_util.tree_leaves(sub))


def batch_totals(logits, labels, weights):
    losses = optax.sigmoid_binary_cross_entropy(logits, labels)
    correct = ((logits > 0).astype(jnp.float32) == labels).astype(jnp.float32)
    return jnp.sum(losses * weights), jnp.sum(correct * weights)


@functools.partial(jax.jit, static_argnums=(0, 1), donate_argnums=(2, 3))
def train_step(model, optimizer, params, opt_state, rng, ids, lengths, labels, weights):
    def objective(p):
        logits = model.apply({"params": p}, ids, lengths, True, rngs={"dropout": rng})
        loss_sum, correct = batch_totals(logits, labels, weights)
        return loss_sum / jnp.sum(weights) + 1e-6 * l2(p), (loss_sum, correct)

    grads, (loss_sum, correct) = jax.grad(objective, has_aux=True)(params)
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state, loss_sum, correct


@functools.partial(jax.jit, static_argnums=0)
def eval_step(model, params, ids, lengths, labels, weights):
    return batch_totals(model.apply({"params": params}, ids, lengths, False), labels, weights)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("epochs", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train-limit", type=int, help="first N train examples (a smoke test)")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    train, dev, vocab_size = sst2_data.load(args.data_dir, args.train_limit)
    model = LstmClassifier(vocab_size)
    key = jax.random.PRNGKey(args.seed)
    key, init_key = jax.random.split(key)
    params = model.init(init_key, jnp.zeros((sst2_data.BATCH_SIZE, 8), jnp.int32),
                        jnp.ones(sst2_data.BATCH_SIZE, jnp.int32), False)["params"]
    optimizer = optax.adam(5e-4)
    opt_state = optimizer.init(params)
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        sums = []
        for ids, lengths, labels, weights in train.batches(rng.permutation(len(train.encoded))):
            key, step_key = jax.random.split(key)
            params, opt_state, loss_sum, _ = train_step(
                model, optimizer, params, opt_state, step_key, ids, lengths, labels, weights)
            sums.append((loss_sum, weights.sum()))
        train_loss = float(sum(s for s, _ in sums)) / float(sum(w for _, w in sums))
        dev_sums = [eval_step(model, params, *batch)
                    for batch in dev.batches(np.arange(len(dev.encoded)))]
        dev_accuracy = float(sum(c for _, c in dev_sums)) / len(dev.encoded)
        print(json.dumps({"system": "jax-flax", "epoch": epoch,
                          "seconds": time.perf_counter() - start, "train_loss": train_loss,
                          "dev_accuracy": dev_accuracy, "peak_rss_gib": sst2_data.peak_rss_gib()}),
              flush=True)


if __name__ == "__main__":
    main()
