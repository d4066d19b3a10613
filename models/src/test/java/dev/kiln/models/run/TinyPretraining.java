package dev.kiln.models.run;

import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.config.Config;
import dev.kiln.models.Presets;
import dev.kiln.models.transformer.mlm.PretrainingCorpus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Tiny masked-LM pre-training runs for tests. */
public final class TinyPretraining {
  private TinyPretraining() {}

  /**
   * The sst2-transformer-mlm preset, tiny (emb_dim 16, one block, max length 16), pre-training
   * {@code rounds} rounds of 10 steps; {@code more} overrides on top.
   */
  public static Config config(int rounds, String... more) {
    List<String> overrides = new ArrayList<>(List.of("emb_dim=16", "num_heads=2", "mlp_dim=32",
        "num_layers=1", "min_freq=1", "max_input_length=16", "dropout_rate=0",
        "attention_dropout_rate=0", "jit=none", "pretrain_batch_size=16",
        "pretrain_steps=" + 10 * rounds, "pretrain_eval_every_steps=10",
        "pretrain_learning_rate=0.01", "pretrain_warmup_fraction=0.1"));
    overrides.addAll(List.of(more));
    return Presets.named("sst2-transformer-mlm").config().withOverrides(overrides);
  }

  /**
   * Sentences of a tiny language: "the NOUN VERB near the NOUN", each noun always with the same
   * verb, so a masked noun or verb can be predicted from the rest of its sentence.
   */
  public static List<String> sentences(int count, long seed) {
    String[] nouns = {"cat", "dog", "bird", "fish", "horse", "cow"};
    String[] verbs = {"sleeps", "barks", "sings", "swims", "runs", "moos"};
    SplittableRandom random = new SplittableRandom(seed);
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int subject = random.nextInt(nouns.length);
      int object = random.nextInt(nouns.length);
      sentences.add("the " + nouns[subject] + " " + verbs[subject] + " near the " + nouns[object]);
    }
    return sentences;
  }

  public static EncodedDataset corpus(Vocabulary vocabulary, List<String> sentences) {
    return new PretrainingCorpus(vocabulary, 16).addSentences("test", sentences).build();
  }

  /** Pre-trains {@code config} on {@code train}'s sentences into {@code workdir}. */
  public static void pretrain(Config config, Path workdir, List<String> train) throws Exception {
    Vocabulary vocabulary = Vocabulary.builder().minFreq(config.getInt("min_freq"))
        .addAll(train).build();
    new MaskedLmPretraining(config, workdir).run(vocabulary, corpus(vocabulary, train),
        corpus(vocabulary, train.subList(0, Math.min(40, train.size()))), List.of());
  }
}
