package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.models.run.TrainedTextClassifier;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Transformer presets end to end through the command line: pretrain (with IMDB text), train
 * from scratch and fine-tuned, then eval, export and predict for both.
 */
class TransformerCommandsTest {
  static final List<String> TINY = List.of("emb_dim=16", "num_heads=2", "mlp_dim=32",
      "num_layers=1", "min_freq=1", "max_input_length=12", "batch_size=16", "num_epochs=3",
      "learning_rate=0.003", "lr_warmup_steps=5", "lr_decay_steps=60");
  static final List<String> TINY_PRETRAINING = Stream.concat(TINY.stream(), Stream.of(
      "pretrain_batch_size=16", "pretrain_steps=20", "pretrain_eval_every_steps=10",
      "pretrain_learning_rate=0.01")).toList();

  @TempDir static Path temp;
  static Path dataDir;
  static Path sst2;
  static Path labels;

  @BeforeAll
  static void prepareData() throws Exception {
    sst2 = Sst2Tsvs.write(temp.resolve("sst2"), 300);
    dataDir = temp.resolve("tfds");
    Path imdb = Files.createDirectories(temp.resolve("imdb"));
    writeReviews(imdb.resolve("train.jsonl.gz"), "train", List.of(
        "A great film.<br /><br />The plot was moving, and it wasn't dull at all!",
        "Awful. Just awful -- the film was a dull plot of nothing. " + "The film was dull. ".repeat(8)));
    writeReviews(imdb.resolve("test.jsonl.gz"), "test", List.of("It's a \"great\" film."));
    CommandRun prepared = CommandRun.of("prepare", "imdb_reviews", "--source", imdb.toString(),
        "--data-dir", dataDir.toString());
    assertEquals(0, prepared.exitCode(), prepared.err());
    labels = Files.writeString(temp.resolve("label.labels.txt"), "negative\npositive\n");
  }

  @Test
  void pretrainFineTuneEvalExportAndPredict() throws Exception {
    Path pretrained = temp.resolve("pretrained");
    CommandRun pretrain = run("pretrain", List.of("--preset", "sst2-transformer-mlm", "--source",
        sst2.toString(), "--workdir", pretrained.toString()), TINY_PRETRAINING);
    assertEquals(0, pretrain.exitCode(), pretrain.err());
    String out = pretrain.out();
    assertTrue(out.contains("  corpus: glue/sst2 train, 300 texts -> 300 sequences\n"), out);
    // Windows of 10 tokens (max_input_length 12): review 1 has 18 tokens, review 2 has 14 + 8 · 5.
    assertTrue(out.contains("  corpus: imdb_reviews train, 2 texts -> 8 sequences\n"), out);
    assertTrue(out.contains("  corpus: imdb_reviews test, 1 texts -> 1 sequences\n"), out);
    assertTrue(out.contains("  total: 309 sequences of at most 12 tokens; eval: glue/sst2"
        + " validation, 60 sequences\n"), out);
    assertTrue(out.contains("Pre-trained 20 steps: eval masked-LM loss "), out);
    assertEquals(2, Files.readAllLines(pretrained.resolve("metrics.jsonl")).size());

    CommandRun again = CommandRun.of("pretrain", "--workdir", pretrained.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("Resuming from checkpoints/ckpt-00000020"), again.out());
    assertEquals(2, Files.readAllLines(pretrained.resolve("metrics.jsonl")).size());

    for (List<String> command : List.of(List.of("eval"), List.of("export", "--export-dir",
        temp.resolve("nothing").toString(), "--labels", labels.toString()))) {
      CommandRun refused = run(command.get(0), Stream.concat(command.stream().skip(1),
          Stream.of("--workdir", pretrained.toString())).toList(), List.of());
      assertEquals(1, refused.exitCode(), refused.out());
      assertEquals("kiln " + command.get(0) + ": " + pretrained + " holds a masked-LM pre-training"
          + " run (./kiln pretrain), not a classifier: fine-tune it with ./kiln train --preset"
          + " sst2-transformer-mlm --set pretrained_workdir=" + pretrained + " and use that"
          + " workdir", refused.err().strip());
    }

    Path fineTuned = temp.resolve("fine-tuned");
    List<String> fineTuning = new ArrayList<>(TINY);
    fineTuning.add("pretrained_workdir=" + pretrained);
    CommandRun train = run("train", List.of("--preset", "sst2-transformer-mlm", "--workdir",
        fineTuned.toString()), fineTuning);
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("Fine-tuning the encoder pre-trained in " + pretrained),
        train.out());
    evalExportAndPredict(fineTuned, "mlm");
  }

  @Test
  void trainFromScratchEvalExportAndPredict() throws Exception {
    Path workdir = temp.resolve("scratch");
    CommandRun train = run("train", List.of("--preset", "sst2-transformer", "--source",
        sst2.toString(), "--workdir", workdir.toString()), TINY);
    assertEquals(0, train.exitCode(), train.err());
    evalExportAndPredict(workdir, "scratch");
  }

  @Test
  void mistakesAreOneLineErrors() {
    CommandRun unset = run("train", List.of("--preset", "sst2-transformer-mlm", "--source",
        sst2.toString(), "--workdir", temp.resolve("unset").toString()), TINY);
    assertEquals(1, unset.exitCode());
    assertEquals("kiln train: preset sst2-transformer-mlm fine-tunes a pre-trained encoder: run"
        + " ./kiln pretrain --preset sst2-transformer-mlm --workdir W first, then train with --set"
        + " pretrained_workdir=W", unset.err().strip());
    CommandRun noPhase = CommandRun.of("pretrain", "--preset", "sst2-transformer", "--workdir",
        temp.resolve("none").toString(), "--data-dir", dataDir.toString());
    assertEquals(1, noPhase.exitCode());
    assertEquals("kiln pretrain: preset sst2-transformer has no pre-training phase (no"
        + " pretrain_steps field); pre-training presets: sst2-transformer-mlm",
        noPhase.err().strip());
  }

  /** Eval matches the trained model; the export's predictions match it too. */
  private static void evalExportAndPredict(Path workdir, String name) throws Exception {
    CommandRun eval = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().startsWith("glue/sst2 validation: accuracy "), eval.out());

    Path base = temp.resolve("models-" + name);
    CommandRun export = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString());
    assertEquals(0, export.exitCode(), export.err());
    assertEquals("Exported " + base.resolve("1") + "\n", export.out());

    List<String> sentences = List.of("the film was great", "a dull plot", "");
    float[] p;
    try (TrainedTextClassifier model = TrainedTextClassifier.load(workdir)) {
      p = model.probabilities(sentences.stream().map(s -> new LabelledText(s, -1, 0)).toList());
    }
    assertTrue(p[0] > 0.5 && p[1] < 0.5, p[0] + " " + p[1]);
    CommandRun predict = CommandRun.of("predict", "--model", base.toString(), sentences.get(0),
        sentences.get(1), sentences.get(2));
    assertEquals(0, predict.exitCode(), predict.err());
    List<String> lines = predict.out().lines().toList();
    assertEquals(3, lines.size(), predict.out());
    for (int i = 0; i < 3; i++) {
      String[] fields = lines.get(i).split("\t", 3);
      boolean positive = p[i] >= 0.5f;
      assertEquals(positive ? "positive" : "negative", fields[0], lines.get(i));
      assertEquals(positive ? p[i] : 1 - p[i], Float.parseFloat(fields[1]), 1.5e-6, lines.get(i));
      assertEquals(sentences.get(i), fields[2]);
    }
  }

  private static CommandRun run(String command, List<String> options, List<String> sets) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(options);
    args.addAll(List.of("--data-dir", dataDir.toString()));
    for (String set : sets) {
      args.addAll(List.of("--set", set));
    }
    return CommandRun.of(args.toArray(new String[0]));
  }

  private static void writeReviews(Path file, String split, List<String> texts) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      String label = i % 2 == 0 ? "pos" : "neg";
      lines.append("{\"path\": \"").append(split).append('/').append(label).append('/').append(i)
          .append("_7.txt\", \"label\": ").append(i % 2 == 0 ? 1 : 0).append(", \"rating\": 7,"
          + " \"text\": ").append(new com.google.gson.Gson().toJson(texts.get(i))).append("}\n");
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
  }
}
