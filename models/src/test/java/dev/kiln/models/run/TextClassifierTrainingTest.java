package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.EpochResult;
import dev.kiln.framework.train.Evaluation;
import dev.kiln.framework.train.MetricsLog;
import dev.kiln.framework.train.MetricsLogListener;
import dev.kiln.framework.train.Trainer;
import dev.kiln.models.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TextClassifierTrainingTest {

  /** Sentences of filler words with one sentiment word; the label is that word's sentiment. */
  public static List<LabelledText> sentiments(int count, long seed) {
    String[] filler = {"the", "film", "was", "a", "plot", "and", "it", "very"};
    String[] positive = {"great", "fine", "moving"};
    String[] negative = {"awful", "dull", "boring"};
    SplittableRandom random = new SplittableRandom(seed);
    List<LabelledText> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(2);
      List<String> words = new ArrayList<>();
      int length = 2 + random.nextInt(9);
      for (int w = 0; w < length; w++) {
        words.add(filler[random.nextInt(filler.length)]);
      }
      String[] cue = label == 1 ? positive : negative;
      words.add(random.nextInt(words.size() + 1), cue[random.nextInt(cue.length)]);
      examples.add(new LabelledText(String.join(" ", words), label, i));
    }
    return examples;
  }

  @Test
  void theFlaxLstmLearnsALearnableTaskAndRecordsTheRun(@TempDir Path workdir) throws Exception {
    Config config = Presets.named("sst2-lstm-2020").config().withOverrides(List.of(
        "embedding_size=16", "hidden_size=16", "batch_size=16", "num_epochs=4", "min_freq=1",
        "max_input_length=16", "learning_rate=0.01", "jit=none", "checkpoint_every_steps=10",
        "keep_checkpoints=2"));
    Trainer.History history = new TextClassifierTraining(config, workdir).run(
        sentiments(400, 1), sentiments(100, 2),
        List.of(new MetricsLogListener(new MetricsLog(workdir))));

    assertEquals(4, history.epochs().size());
    double firstLoss = history.epochs().get(0).trainLoss();
    double lastLoss = history.epochs().get(3).trainLoss();
    assertTrue(lastLoss < 0.5 * firstLoss, "train loss " + firstLoss + " -> " + lastLoss);
    assertTrue(history.best().orElseThrow().evalAccuracy() >= 0.95,
        "best eval accuracy " + history.best().orElseThrow().evalAccuracy());
    assertEquals(4, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());
    assertEquals(config, Config.fromJson(Files.readString(workdir.resolve("config.json")),
        Presets.named("sst2-lstm-2020").config(), "config.json"));
    List<String> vocab = Files.readAllLines(workdir.resolve("vocab.txt"));
    assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>"), vocab.subList(0, 4));
    assertEquals(4 + 8 + 6, vocab.size(), "specials, filler and cue words");
    for (String dir : List.of("tensorboard/train", "tensorboard/eval")) {
      try (var files = Files.list(workdir.resolve(dir))) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")),
            dir);
      }
    }

    // Checkpoints every 10 steps (26 per epoch) and at each epoch's end; kept: the last 2, the best.
    CheckpointState state =
        CheckpointState.read(workdir.resolve("checkpoints")).orElseThrow();
    assertEquals(List.of("ckpt-00000100", "ckpt-00000104"),
        state.checkpoints().stream().map(CheckpointRecord::name).toList());
    assertEquals(history.best().orElseThrow().step(),
        state.best().orElseThrow().progress().globalStep());
    ConfigException again = assertThrows(ConfigException.class, () ->
        new TextClassifierTraining(config, workdir).run(sentiments(400, 1), sentiments(100, 2),
            List.of()));
    assertTrue(again.getMessage().endsWith("holds the checkpoints of a run already; resume it or"
        + " train in another workdir"), again.getMessage());

    // The workdir reloads into the best epoch's model: same metrics, to the last bit.
    EpochResult best = history.best().orElseThrow();
    try (TrainedTextClassifier trained = TrainedTextClassifier.load(workdir)) {
      Evaluation evaluation = trained.evaluate(sentiments(100, 2));
      assertEquals(best.evalAccuracy(), evaluation.accuracy());
      assertEquals(best.evalLoss(), evaluation.loss(), 1e-12);
      assertEquals(100, evaluation.examples());
      float[] p = trained.probabilities(List.of(new LabelledText("the film was great", -1, 7),
          new LabelledText("the film was dull", -1, 3)));
      assertTrue(p[0] > 0.5 && p[1] < 0.5, p[0] + " " + p[1]);
    }
  }

  @Test
  void theFlaxBiLstmAttentionModelLearnsTooWithSgd(@TempDir Path workdir) throws Exception {
    Config config = Presets.named("sst2-bilstm-attention").config().withOverrides(List.of(
        "embedding_size=16", "hidden_size=16", "batch_size=16", "num_epochs=10", "min_freq=1",
        "max_input_length=16", "jit=none"));
    Trainer.History history = new TextClassifierTraining(config, workdir).run(
        sentiments(400, 1), sentiments(100, 2), List.of());
    assertTrue(history.best().orElseThrow().evalAccuracy() >= 0.95,
        "best eval accuracy " + history.best().orElseThrow().evalAccuracy());
  }

  @Test
  void theGruPresetLearnsWithTheLengthWeightedLoss(@TempDir Path workdir) throws Exception {
    Config config = Presets.named("sst2-gru").config().withOverrides(List.of(
        "embedding_size=16", "hidden_size=16", "batch_size=16", "num_epochs=4", "min_freq=1",
        "max_input_length=16", "learning_rate=0.01", "jit=none", "loss=length_weighted_bce"));
    Trainer.History history = new TextClassifierTraining(config, workdir).run(
        sentiments(400, 1), sentiments(100, 2), List.of());
    assertTrue(history.best().orElseThrow().evalAccuracy() >= 0.95,
        "best eval accuracy " + history.best().orElseThrow().evalAccuracy());
  }

  /**
   * imdb-cnn, shrunk: GPT-2 ids (no vocabulary built or saved), the CNN learns the task, and the
   * workdir's config.json alone brings the tokenizer back for eval.
   */
  @Test
  void theImdbCnnLearnsWithGpt2IdsAndItsWorkdirReloadsTheTokenizer(@TempDir Path workdir)
      throws Exception {
    Config config = Presets.named("imdb-cnn").config().withOverrides(List.of(
        "embedding_size=16", "conv_features=16", "hidden_size=16", "batch_size=16",
        "num_epochs=4", "max_input_length=24", "bucket_size=8", "learning_rate=0.01",
        "emb_dropout=0.1", "dropout_rate=0.1"));
    Trainer.History history = new TextClassifierTraining(config, workdir).run(
        sentiments(400, 1), sentiments(100, 2), List.of());
    EpochResult best = history.best().orElseThrow();
    assertTrue(best.evalAccuracy() >= 0.95, "best eval accuracy " + best.evalAccuracy());
    assertTrue(Files.exists(workdir.resolve("config.json")));
    assertTrue(Files.notExists(workdir.resolve("vocab.txt")), "gpt2 needs no vocabulary file");
    Config saved = TrainedWorkdir.config(workdir);
    assertEquals("gpt2", saved.getString("tokenizer"));
    assertEquals(config, saved);
    try (TrainedTextClassifier trained = TrainedTextClassifier.load(workdir)) {
      Evaluation evaluation = trained.evaluate(sentiments(100, 2));
      assertEquals(best.evalAccuracy(), evaluation.accuracy());
      assertEquals(best.evalLoss(), evaluation.loss(), 1e-12);
      // one id, and an empty text (<|endoftext|>): defined, finite predictions
      float[] p = trained.probabilities(List.of(new LabelledText("the film was great", -1, 0),
          new LabelledText("the film was dull", -1, 1), new LabelledText("", -1, 2),
          new LabelledText("great", -1, 3)));
      assertTrue(p[0] > 0.5 && p[1] < 0.5, p[0] + " " + p[1]);
      assertTrue(p[2] > 0 && p[2] < 1 && p[3] > 0 && p[3] < 1, p[2] + " " + p[3]);
    }

    // Its checkpoint holds GPT-2 embedding rows: resuming with word tokens is refused.
    CheckpointRecord latest =
        CheckpointState.read(workdir.resolve("checkpoints")).orElseThrow().latest();
    ConfigException words = assertThrows(ConfigException.class, () ->
        new TextClassifierTraining(config.withOverrides(List.of("tokenizer=words", "min_freq=1")),
            workdir).resume(sentiments(400, 1), sentiments(100, 2), List.of(), latest));
    assertEquals("cannot resume from " + latest.name() + ": it was trained without a word"
        + " vocabulary (no " + workdir.resolve("vocab.txt") + "), but this config's tokenizer is"
        + " words (the tokenizer must stay as it was)", words.getMessage());
  }

  @Test
  void theTokenizerFieldIsChecked() {
    Config words = Presets.named("sst2-lstm-2020").config();
    assertEquals("words", ClassifierTokenizer.name(words));
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> ClassifierTokenizer.name(words.withOverrides(List.of("tokenizer=bpe"))));
    assertEquals("config field tokenizer: unknown tokenizer 'bpe' (known: words, gpt2)",
        unknown.getMessage());
    ConfigException wordDropout = assertThrows(ConfigException.class,
        () -> ClassifierTokenizer.name(words.withOverrides(List.of("tokenizer=gpt2"))));
    assertEquals("config field word_dropout_rate: word dropout replaces words with <unk>, which"
        + " tokenizer gpt2 does not have; set word_dropout_rate=0", wordDropout.getMessage());
    assertEquals("gpt2", ClassifierTokenizer.name(
        words.withOverrides(List.of("tokenizer=gpt2", "word_dropout_rate=0"))));
  }
}
