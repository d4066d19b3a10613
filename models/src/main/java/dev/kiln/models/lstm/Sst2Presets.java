package dev.kiln.models.lstm;

import dev.kiln.framework.config.Config;
import dev.kiln.models.Preset;
import dev.kiln.models.Sst2Fields;
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
    return Sst2Fields.textClassifier(name)
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
    Config config = Sst2Fields.textClassifier("sst2-bilstm-attention")
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
