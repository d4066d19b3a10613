package dev.kiln.launch.export;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.config.Config;
import dev.kiln.models.Presets;
import dev.kiln.models.run.TextClassifierTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** A tiny trained text classifier workdir and its export, for tests. */
public final class ExportedModels {
  /** The padded length of the tiny model: sentences of more than 6 words are cut. */
  public static final int MAX_INPUT_LENGTH = 8;
  public static final List<String> LABELS = List.of("negative", "positive");

  /**
   * Sentences the export must encode as {@code TextEncoder} does: extra spaces, tabs, Unicode
   * whitespace, the empty string, more words than fit, unknown words.
   */
  public static final List<String> SENTENCES = List.of(
      "the film was great",
      "  the   film\twas \t dull  ",
      "",
      " \t ",
      "it was a very very very long and boring plot , the end was great",
      "qqq zzz great xyzzy",
      "\u00a0moving\u2003film\u0085plot\u000bawful\u001f",
      "ünïcödé awful");

  private ExportedModels() {}

  /** Trains two tiny epochs of the {@code preset} into {@code workdir}. */
  public static void train(Path workdir, String preset) throws Exception {
    Config config = Presets.named(preset).config().withOverrides(List.of(
        "embedding_size=8", "hidden_size=8", "batch_size=16", "num_epochs=2", "min_freq=1",
        "max_input_length=" + MAX_INPUT_LENGTH, "bucket_size=4", "learning_rate=0.01",
        "jit=none"));
    new TextClassifierTraining(config, workdir).run(sentiments(160, 1), sentiments(40, 2),
        List.of());
  }

  /**
   * Trains four tiny epochs of {@code imdb-cnn} (GPT-2 ids, the 1D CNN) into {@code workdir}; texts
   * keep their first {@link #MAX_INPUT_LENGTH} ids.
   */
  public static void trainGpt2Cnn(Path workdir) throws Exception {
    Config config = Presets.named("imdb-cnn").config().withOverrides(List.of(
        "embedding_size=8", "conv_features=8", "hidden_size=8", "batch_size=16", "num_epochs=4",
        "emb_dropout=0.1", "dropout_rate=0.1",
        "max_input_length=" + MAX_INPUT_LENGTH, "bucket_size=4", "learning_rate=0.01"));
    new TextClassifierTraining(config, workdir).run(sentiments(160, 1), sentiments(40, 2),
        List.of());
  }

  /** {@code label.labels.txt} with {@link #LABELS} in {@code dir}. */
  public static Path labelsFile(Path dir) throws Exception {
    return Files.writeString(dir.resolve("label.labels.txt"), String.join("\n", LABELS) + "\n");
  }

  /** Trains a workdir under {@code temp} and exports its best checkpoint as {@code base/1}. */
  public static Path trainAndExport(Path temp, Path base) throws Exception {
    Path workdir = temp.resolve("workdir");
    train(workdir, "sst2-lstm-2020");
    return WorkdirExport.export(workdir, "best", labelsFile(temp), base, OptionalLong.empty());
  }

  /** Sentences of filler words with one sentiment word; the label is that word's sentiment. */
  static List<LabelledText> sentiments(int count, long seed) {
    String[] filler = {"the", "film", "was", "a", "plot", "and", "it", "very"};
    String[][] cues = {{"awful", "dull", "boring"}, {"great", "fine", "moving"}};
    SplittableRandom random = new SplittableRandom(seed);
    List<LabelledText> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(2);
      List<String> words = new ArrayList<>();
      for (int w = 0; w < 1 + random.nextInt(6); w++) {
        words.add(filler[random.nextInt(filler.length)]);
      }
      words.add(random.nextInt(words.size() + 1), cues[label][random.nextInt(3)]);
      examples.add(new LabelledText(String.join(" ", words), label, i));
    }
    return examples;
  }
}
