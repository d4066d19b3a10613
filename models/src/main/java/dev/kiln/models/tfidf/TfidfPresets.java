package dev.kiln.models.tfidf;

import dev.kiln.framework.config.Config;
import dev.kiln.models.Preset;
import java.util.List;

/**
 * The TF-IDF + logistic regression baseline: scikit-learn's {@code TfidfVectorizer} defaults and a
 * {@code LogisticRegression} trained as a Kiln graph ({@link LogisticRegression}).
 */
final class TfidfPresets {
  /** SST-2's train split: scikit-learn's C scales a sum over these, Kiln's l2_reg a mean. */
  private static final int SST2_TRAIN_EXAMPLES = 67_349;

  private TfidfPresets() {}

  static List<Preset> all() {
    return List.of(sst2());
  }

  /**
   * TF-IDF with scikit-learn's defaults (words of 2+ word characters, lowercased, unigrams only
   * as {@code ngram_range=(1, 1)}, smooth idf, l2-normalised rows), fitted on the train split and
   * capped at {@code max_features} terms by corpus count (SST-2's train split has 13,774 terms, so
   * 20,000 keeps them all), then logistic regression: one weight per term and a bias.
   *
   * <p>scikit-learn's {@code LogisticRegression(C=1)} minimises {@code ½‖w‖² + C Σᵢ lossᵢ}; Kiln
   * minimises the mean loss plus {@code l2_reg · ‖w‖²} (bias not penalised in either), the same
   * optimum when {@code l2_reg = 1 / (2 C n)} with n the number of training examples.
   */
  private static Preset sst2() {
    Config config = Config.builder("sst2-tfidf-logreg")
        .set("dataset", "glue/sst2")
        .set("text_feature", "sentence")
        .set("label_feature", "label")
        .set("train_split", "train")
        .set("eval_split", "validation")
        // glue/sst2's test split is unlabelled: no test figure
        .set("test_split", "")
        .set("model", LogisticRegression.MODEL)
        .set("max_features", 20_000)
        .set("lowercase", true)
        // Adam 0.03 with a cosine decay to 0 over the 20 epochs of 264 batches: close to the exact
        // optimum scikit-learn's solver finds (objective within 1e-4 of it on SST-2).
        .set("optimizer", "adam")
        .set("learning_rate", 0.03)
        .set("momentum", 0.0)
        .set("weight_decay", 0.0)
        .set("l2_reg", 1.0 / (2.0 * SST2_TRAIN_EXAMPLES))
        .set("grad_clip_norm", 0.0)
        .set("lr_warmup_steps", 0)
        .set("lr_decay_steps", 20 * 264)
        .set("batch_size", 256)
        .set("num_epochs", 20)
        .set("seed", 0)
        // Only bce: length_weighted_bce scales by sequence lengths, which TF-IDF rows do not have.
        .set("loss", "bce")
        // A gather and a sum per step: nothing for XLA to fuse that would pay for its compiles.
        .set("jit", "none")
        // Epochs take seconds: checkpoints at epoch ends only.
        .set("checkpoint_every_steps", 0)
        .set("keep_checkpoints", 3)
        .set("best_metric", "eval_accuracy")
        .build();
    return new Preset("sst2-tfidf-logreg",
        "TF-IDF (scikit-learn defaults, train split, 20,000 terms at most) + logistic regression,"
            + " L2 as scikit-learn's C=1 (scikit-learn: 82.34% dev)",
        config);
  }
}
