package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.SparseVector;
import dev.kiln.datasets.text.TfidfVectorizer;
import dev.kiln.datasets.text.WordTokenizer;
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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfidfClassifierTrainingTest {

  /** A tiny configuration of the SST-2 preset: constant learning rate, batches of 16. */
  static Config tinyConfig(String... more) {
    List<String> overrides = new ArrayList<>(List.of("batch_size=16", "num_epochs=5",
        "learning_rate=0.1", "lr_decay_steps=0"));
    overrides.addAll(List.of(more));
    return Presets.named("sst2-tfidf-logreg").config().withOverrides(overrides);
  }

  /**
   * {@link TextClassifierTrainingTest#sentiments}, every third sentence upper-cased and every
   * other one ending in punctuation, so the tokenizer's lowercasing and splitting matter.
   */
  static List<LabelledText> sentiments(int count, long seed) {
    List<LabelledText> examples = new ArrayList<>();
    for (LabelledText example : TextClassifierTrainingTest.sentiments(count, seed)) {
      String text = example.index() % 3 == 0
          ? example.text().toUpperCase(Locale.ROOT) : example.text();
      text = example.index() % 2 == 0 ? text + "!!" : text.replace(" ", ", ");
      examples.add(new LabelledText(text, example.label(), example.index()));
    }
    return examples;
  }

  @Test
  void learnsASeparableSetExactlyAndTheWorkdirReloads(@TempDir Path workdir) throws Exception {
    Config config = tinyConfig();
    List<LabelledText> train = sentiments(400, 1);
    List<LabelledText> eval = sentiments(100, 2);
    Trainer.History history = new TfidfClassifierTraining(config, workdir).run(train, eval,
        List.of(new MetricsLogListener(new MetricsLog(workdir))));

    assertEquals(5, history.epochs().size());
    double firstLoss = history.epochs().get(0).trainLoss();
    double lastLoss = history.epochs().get(4).trainLoss();
    assertTrue(lastLoss < 0.5 * firstLoss, "train loss " + firstLoss + " -> " + lastLoss);
    assertEquals(1.0, history.epochs().get(4).trainAccuracy());
    assertEquals(1.0, history.epochs().get(4).evalAccuracy());
    assertEquals(5, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());
    assertEquals(config, TrainedWorkdir.config(workdir));
    for (String dir : List.of("tensorboard/train", "tensorboard/eval")) {
      try (var files = Files.list(workdir.resolve(dir))) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.")), dir);
      }
    }
    CheckpointState state = CheckpointState.read(workdir.resolve("checkpoints")).orElseThrow();
    assertEquals(history.best().orElseThrow().step(),
        state.best().orElseThrow().progress().globalStep());
    assertEquals(5 * 25, state.latest().progress().globalStep(), "25 batches of 16 per epoch");

    // tfidf.txt is the vectorizer fitted on the train split, with scikit-learn's tokens: the
    // filler, the cue words and nothing of one letter ("a") or of punctuation.
    TfidfVectorizer saved = TfidfVectorizer.load(workdir.resolve("tfidf.txt"));
    TfidfVectorizer fitted = TfidfVectorizer.builder().tokenizer(WordTokenizer::tokenize)
        .fit(train.stream().map(LabelledText::text).toList());
    assertEquals(List.of("and", "awful", "boring", "dull", "film", "fine", "great", "it",
        "moving", "plot", "the", "very", "was"), saved.terms());
    assertEquals(fitted.terms(), saved.terms());
    assertArrayEquals(fitted.idf(), saved.idf(), 0.0);
    assertTrue(Files.readString(workdir.resolve("tfidf.txt"))
        .startsWith("kiln-tfidf v1 lowercase=true\n"));

    EpochResult best = history.best().orElseThrow();
    try (TrainedClassifier loaded = Classifiers.load(workdir, "best")) {
      TrainedTfidfClassifier trained = assertInstanceOf(TrainedTfidfClassifier.class, loaded);
      Evaluation evaluation = trained.evaluate(eval);
      assertEquals(best.evalAccuracy(), evaluation.accuracy());
      assertEquals(best.evalLoss(), evaluation.loss(), 1e-12);
      assertEquals(100, evaluation.examples());

      // The graph's probabilities are sigmoid(x · coef + intercept) with x the vectorizer's
      // TF-IDF values: the (index, value) pairs reach the graph as TfidfVectorizer made them.
      List<String> sentences = List.of("The film was GREAT!", "dull, dull, DULL plot...", "",
          "unknown words only", "It was a very fine, moving film", train.get(7).text());
      List<LabelledText> unlabelled =
          sentences.stream().map(s -> new LabelledText(s, -1, 0)).toList();
      float[] probabilities = trained.probabilities(unlabelled);
      float[] coefficients = trained.coefficients();
      assertEquals(13, coefficients.length);
      for (int i = 0; i < sentences.size(); i++) {
        SparseVector x = fitted.transform(sentences.get(i));
        double logit = trained.intercept();
        for (int k = 0; k < x.size(); k++) {
          logit += (double) x.values()[k] * coefficients[x.indices()[k]];
        }
        assertEquals(1 / (1 + Math.exp(-logit)), probabilities[i], 1e-6, sentences.get(i));
      }
      assertTrue(probabilities[0] > 0.5 && probabilities[1] < 0.5);
      assertEquals(1 / (1 + Math.exp(-trained.intercept())), probabilities[2], 1e-7,
          "an empty sentence scores the bias alone");
      assertTrue(coefficients[fitted.terms().indexOf("great")] > 0);
      assertTrue(coefficients[fitted.terms().indexOf("awful")] < 0);
    }

    ConfigException again = assertThrows(ConfigException.class,
        () -> new TfidfClassifierTraining(config, workdir).run(train, eval, List.of()));
    assertTrue(again.getMessage().endsWith("holds the checkpoints of a run already; resume it or"
        + " train in another workdir"), again.getMessage());
  }

  @Test
  void badConfigsAreOneLineErrorsBeforeAnythingIsWritten(@TempDir Path workdir)
      throws Exception {
    List<LabelledText> train = sentiments(40, 1);
    assertEquals("config field max_features: must be at least 1, got 0",
        refused(workdir, train, tinyConfig("max_features=0")));
    assertEquals("config field batch_size: must be at least 1, got 0",
        refused(workdir, train, tinyConfig("batch_size=0")));
    assertEquals("config field loss: tfidf_logistic_regression trains on bce only"
        + " (length_weighted_bce weighs examples by sequence length)",
        refused(workdir, train, tinyConfig("loss=length_weighted_bce")));
    assertEquals("config field optimizer: unknown optimizer 'lbfgs' (known: adam, lazy_adam, sgd)",
        refused(workdir, train, tinyConfig("optimizer=lbfgs")));
    assertEquals("cannot fit TF-IDF on the training split: empty vocabulary: the 2 training"
        + " documents hold no terms", refused(workdir,
            List.of(new LabelledText("a !", 0, 0), new LabelledText("", 1, 1)), tinyConfig()));
    try (var files = Files.list(workdir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  private static String refused(Path workdir, List<LabelledText> train, Config config) {
    return assertThrows(ConfigException.class,
        () -> new TfidfClassifierTraining(config, workdir).run(train, train, List.of()))
        .getMessage();
  }
}
