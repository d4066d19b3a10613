package dev.kiln.models;

import dev.kiln.framework.config.Config;

/**
 * The fields every SST-2 text classifier preset has, with the values of the 2020 Flax example
 * (Kiln's LSTM presets start from them, and so may a user's own model: README, "Your own model").
 * A preset adds its {@code model} and optimizer fields ({@code optimizer}, {@code learning_rate},
 * {@code momentum}, {@code weight_decay}, {@code l2_reg}, {@code grad_clip_norm}) and any of its
 * model's own.
 */
public final class Sst2Fields {
  private Sst2Fields() {}

  /**
   * A preset named {@code name} with every field but the model's and the optimizer's: the data
   * (glue/sst2, train and validation splits), the tokenizer and batching, the embedding and dropout
   * sizes, the schedule, the loss, {@code jit} and the checkpoints.
   */
  public static Config.Builder textClassifier(String name) {
    return Config.builder(name)
        .set("dataset", "glue/sst2")
        .set("text_feature", "sentence")
        .set("label_feature", "label")
        .set("train_split", "train")
        .set("eval_split", "validation")
        // glue/sst2's test split is unlabelled: no test figure
        .set("test_split", "")
        // words (a vocabulary from train) or gpt2 (GPT-2 byte pairs): ClassifierTokenizer.
        .set("tokenizer", "words")
        .set("min_freq", 5)
        .set("max_input_length", 55)
        .set("bucket_size", 8)
        .set("embedding_size", 256)
        .set("embedding_init_stddev", 0.1)
        .set("hidden_size", 256)
        .set("emb_dropout", 0.5)
        .set("word_dropout_rate", 0.1)
        .set("dropout_rate", 0.5)
        .set("lr_warmup_steps", 0)
        .set("lr_decay_steps", 0)
        .set("batch_size", 64)
        .set("num_epochs", 20)
        .set("seed", 0)
        // bce or length_weighted_bce (BinaryLoss); evaluation always reports the plain BCE.
        .set("loss", "bce")
        // On CPU, XLA's gain on the unrolled LSTM step is small and not yet measured over a whole
        // run (compiles included): framework/XLA_NOTES.md, "Speed". --jit xla compiles it whole.
        .set("jit", "none")
        // About a sixth of an SST-2 epoch (1,053 batches of 64) between checkpoints: a crash
        // loses minutes, not an epoch; the three latest plus the best stay on disk.
        .set("checkpoint_every_steps", 500)
        .set("keep_checkpoints", 3)
        .set("best_metric", "eval_accuracy");
  }

}
