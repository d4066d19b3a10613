package dev.kiln.models.transformer;

import dev.kiln.framework.config.Config;
import dev.kiln.models.Preset;
import java.util.List;

/**
 * The Transformer encoder presets on SST-2: {@code sst2-transformer} trained from scratch, and
 * {@code sst2-transformer-mlm}, the same classifier fine-tuned from an encoder pre-trained as a
 * masked language model ({@code ./kiln pretrain}). Encoder field names follow the Flax Transformer
 * examples ({@code emb_dim}, {@code num_heads}, {@code mlp_dim}, {@code num_layers}, {@code
 * attention_dropout_rate}); the rest are the SST-2 presets' fields.
 */
final class TransformerPresets {
  /** SST-2 train batches of 64 per epoch (bucket_size 8, max_input_length 55). */
  private static final int SST2_BATCHES_PER_EPOCH = 1057;

  private TransformerPresets() {}

  static List<Preset> all() {
    return List.of(fromScratch(), pretrained());
  }

  /** Every field of a Transformer classifier on SST-2, with the from-scratch values. */
  private static Config.Builder classifier(String name, int numEpochs, double learningRate) {
    int steps = numEpochs * SST2_BATCHES_PER_EPOCH;
    return Config.builder(name)
        .set("dataset", "glue/sst2")
        .set("text_feature", "sentence")
        .set("label_feature", "label")
        .set("train_split", "train")
        .set("eval_split", "validation")
        // glue/sst2's test split is unlabelled: no test figure
        .set("test_split", "")
        // Words and SST-2's vocabulary: masked-LM pre-training masks words of it.
        .set("tokenizer", "words")
        .set("min_freq", 5)
        .set("max_input_length", 55)
        .set("bucket_size", 8)
        .set("model", "transformer_classifier")
        .set("emb_dim", 128)
        .set("num_heads", 4)
        .set("mlp_dim", 512)
        .set("num_layers", 2)
        .set("dropout_rate", 0.1)
        .set("attention_dropout_rate", 0.1)
        // learned (BERT) or sinusoidal (the Transformer paper)
        .set("position_embedding", "learned")
        .set("optimizer", "adam")
        .set("learning_rate", learningRate)
        .set("momentum", 0.0)
        .set("weight_decay", 0.0)
        .set("l2_reg", 0.0)
        .set("grad_clip_norm", 1.0)
        // Linear warm-up over the first tenth, cosine decay to 0 at the last step of num_epochs:
        // change lr_decay_steps with num_epochs (1,057 steps per epoch).
        .set("lr_warmup_steps", steps / 10)
        .set("lr_decay_steps", steps)
        .set("batch_size", 64)
        .set("num_epochs", numEpochs)
        .set("seed", 0)
        .set("loss", "bce")
        // xla: each step one XLA computation, measured 1.5x faster per steady epoch than the
        // executor on a 2-core CPU, train losses equal to 7 digits (README, "--jit none and --jit
        // xla on the other presets").
        .set("jit", "xla")
        .set("checkpoint_every_steps", 500)
        .set("keep_checkpoints", 3)
        .set("best_metric", "eval_accuracy");
  }

  /** A small encoder (2 pre-LN blocks of width 128, 4 heads) trained on SST-2 alone. */
  private static Preset fromScratch() {
    return new Preset("sst2-transformer",
        "Transformer encoder (2 pre-LN blocks, d 128, 4 heads) + [CLS] head, from scratch;"
            + " Adam 5e-4, warm-up + cosine, 4 epochs",
        classifier("sst2-transformer", 4, 5e-4).build());
  }

  /**
   * The same classifier, its encoder pre-trained as a masked LM: {@code ./kiln pretrain} runs
   * phase 1 with the {@code pretrain_*} and masking fields, {@code ./kiln train --set
   * pretrained_workdir=W} phase 2 with the classifier fields.
   */
  private static Preset pretrained() {
    // jit xla covers both phases: masked-LM pre-training measured 1.25x faster than the executor
    // (300 steps 40.3 s against 50.2 s, train losses within 1e-7 relative).
    Config config = classifier("sst2-transformer-mlm", 3, 2e-4)
        // Phase 2: the workdir of ./kiln pretrain whose latest checkpoint gives encoder/*.
        .set("pretrained_workdir", "")
        // Phase 1: masked-LM pre-training on SST-2 train sentences (+ IMDB reviews, cut into
        // max_input_length windows, when imdb_reviews is prepared in the data dir).
        .set("pretrain_imdb", true)
        // About 10 minutes on a 2-core CPU (~0.35 CPU-seconds a step of 64 windows).
        .set("pretrain_steps", 2400)
        .set("pretrain_eval_every_steps", 300)
        .set("pretrain_batch_size", 64)
        .set("pretrain_learning_rate", 1e-3)
        .set("pretrain_warmup_fraction", 0.05)
        // BERT's masking: 15% of each sequence's words; of those 80% [MASK], 10% a random word.
        .set("mask_rate", 0.15)
        .set("mask_token_fraction", 0.8)
        .set("random_token_fraction", 0.1)
        .build();
    return new Preset("sst2-transformer-mlm",
        "sst2-transformer fine-tuned (Adam 2e-4, 3 epochs) from a masked-LM pre-trained encoder:"
            + " ./kiln pretrain --preset sst2-transformer-mlm --workdir W, then ./kiln train"
            + " --preset sst2-transformer-mlm --set pretrained_workdir=W",
        config);
  }
}
