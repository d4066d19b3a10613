package dev.kiln.models.cnn;

import dev.kiln.framework.config.Config;
import dev.kiln.models.Preset;
import java.util.List;

/** Presets on {@code imdb_reviews} (train 25,000 reviews, test 25,000; no validation split). */
final class ImdbPresets {
  private ImdbPresets() {}

  static List<Preset> all() {
    return List.of(cnn());
  }

  /**
   * The JAX AI Stack tutorial "Basic text classification with 1D CNN": GPT-2 byte pairs cut to
   * 500, embedding 128, two Conv1D(128, kernel 7, stride 3) + LayerNorm + ReLU, global max-pool,
   * Dense(128), ReLU, dropout, Dense(2); dropout 0.5; Adam 5e-4, batch 128, 10 epochs (the tutorial
   * evaluates on the test split after every epoch and reaches about 87% there). Kiln trains on
   * {@code train[:90%]}, keeps the best epoch by {@code train[90%:]} and reports the test split
   * once, for that epoch. {@link CnnClassifier} says where Kiln differs (it honours each review's
   * length).
   */
  private static Preset cnn() {
    Config config = Config.builder("imdb-cnn")
        .set("dataset", "imdb_reviews")
        .set("text_feature", "text")
        .set("label_feature", "label")
        // imdb_reviews has no validation split: the best epoch is chosen on the last 10% of
        // train, held out, and the test split is evaluated once, on that epoch's checkpoint.
        .set("train_split", "train[:90%]")
        .set("eval_split", "train[90%:]")
        .set("test_split", "test")
        .set("tokenizer", "gpt2")
        // used only with --set tokenizer=words
        .set("min_freq", 5)
        .set("max_input_length", 500)
        // 10 lengths, so 10 train and 10 eval steps; most reviews are 100 to 500 GPT-2 ids
        .set("bucket_size", 50)
        .set("model", "cnn_classifier")
        .set("embedding_size", 128)
        // Flax nnx.Embed's default, variance_scaling(1, fan_in, normal): N(0, 1/features)
        .set("embedding_init_stddev", 1 / Math.sqrt(128))
        .set("emb_dropout", 0.5)
        .set("conv_features", 128)
        .set("conv_kernel_size", 7)
        .set("conv_strides", 3)
        .set("hidden_size", 128)
        .set("dropout_rate", 0.5)
        .set("optimizer", "adam")
        .set("learning_rate", 5e-4)
        .set("momentum", 0.0)
        .set("weight_decay", 0.0)
        .set("l2_reg", 0.0)
        .set("grad_clip_norm", 0.0)
        .set("lr_warmup_steps", 0)
        .set("lr_decay_steps", 0)
        .set("batch_size", 128)
        .set("num_epochs", 10)
        .set("seed", 0)
        .set("loss", "bce")
        .set("jit", "none")
        // An epoch is 196 steps; the embedding and its Adam slots make a checkpoint ~77 MB.
        .set("checkpoint_every_steps", 0)
        .set("keep_checkpoints", 3)
        .set("best_metric", "eval_accuracy")
        .build();
    return new Preset("imdb-cnn",
        "JAX AI Stack IMDB 1D CNN: GPT-2 tokens, 2x Conv1D 128 k7 s3 + LayerNorm, max-pool,"
            + " Adam 5e-4, batch 128, 10 epochs on train[:90%], best epoch by train[90%:], its"
            + " test accuracy reported (reference: ~87% test accuracy)",
        config);
  }
}
