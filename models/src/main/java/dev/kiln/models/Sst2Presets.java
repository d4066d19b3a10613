package dev.kiln.models;

import dev.kiln.framework.config.Config;
import java.util.List;

/**
 * The Flax SST-2 example's configurations. Field names follow the Flax example ({@code
 * configs/default.py} and the 2020 {@code train.py} flags) so that a Flax user recognises them.
 */
final class Sst2Presets {
  private Sst2Presets() {}

  static List<Preset> all() {
    return List.of(lstm2020(), flax2020Cell("sst2-rnn", "rnn", "Elman RNN"),
        flax2020Cell("sst2-gru", "gru", "GRU"), bilstmAttention());
  }

  /** The fields every SST-2 text classifier preset has, with the 2020 example's values. */
  private static Config.Builder common(String name) {
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

  /**
   * The 2020 Flax example behind its table (85.44% dev accuracy on TPU, 85.09% on CPU): word
   * dropout to {@code <unk>}, embedding 256 ~ N(0, 0.1) with dropout 0.5, a unidirectional LSTM
   * 256 read at the last real token, dropout 0.5, MLP Dense(256), tanh, dropout, Dense(1) without
   * bias; sigmoid cross-entropy; Adam 5e-4 with L2 1e-6 on every parameter but the embedding.
   */
  private static Preset lstm2020() {
    return new Preset("sst2-lstm-2020",
        "Flax SST-2 2020: LSTM 256 + MLP, Adam 5e-4, 20 epochs (Flax: 85.44% TPU, 85.09% CPU)",
        flax2020("sst2-lstm-2020", "lstm"));
  }

  /** The 2020 example with another recurrent cell (scope {@code rnn} or {@code gru}). */
  private static Preset flax2020Cell(String name, String cell, String cellName) {
    return new Preset(name, "Flax SST-2 2020 with a " + cellName + " 256 in place of the LSTM",
        flax2020(name, cell));
  }

  private static Config flax2020(String name, String cell) {
    return common(name)
        .set("model", "lstm_classifier")
        .set("cell", cell)
        .set("optimizer", "adam")
        .set("learning_rate", 5e-4)
        .set("momentum", 0.0)
        .set("weight_decay", 0.0)
        .set("l2_reg", 1e-6)
        .set("grad_clip_norm", 0.0)
        .build();
  }

  /**
   * The current Flax default: embedding 300, BiLSTM 256, keys-only MLP attention over the
   * non-padding positions, MLP head; SGD with momentum 0.9, lr 0.1, weight decay 3e-6; vocabulary
   * min_freq 3, max length 60, 10 epochs.
   */
  private static Preset bilstmAttention() {
    Config config = common("sst2-bilstm-attention")
        .set("model", "bilstm_attention")
        .set("cell", "lstm")
        .set("optimizer", "sgd")
        .set("learning_rate", 0.1)
        .set("momentum", 0.9)
        .set("weight_decay", 3e-6)
        .set("l2_reg", 0.0)
        .set("grad_clip_norm", 0.0)
        .build()
        .withOverrides(List.of("min_freq=3", "max_input_length=60", "embedding_size=300",
            "emb_dropout=0.5", "num_epochs=10"));
    return new Preset("sst2-bilstm-attention",
        "Flax SST-2 default: BiLSTM 256 + MLP attention, SGD lr 0.1 momentum 0.9, 10 epochs (Flax: 85.21%)",
        config);
  }
}
