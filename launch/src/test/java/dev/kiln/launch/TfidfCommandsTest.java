package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sst2-tfidf-logreg through the commands: train, resume, eval, export, predict. */
class TfidfCommandsTest {
  @TempDir Path temp;

  @Test
  void trainEvalExportAndPredictATfidfWorkdir() throws Exception {
    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 300);
    Path dataDir = temp.resolve("tfds");
    Path workdir = temp.resolve("run");
    CommandRun train = CommandRun.of("train", "--preset", "sst2-tfidf-logreg", "--source",
        tsv.toString(), "--data-dir", dataDir.toString(), "--workdir", workdir.toString(),
        "--set", "num_epochs=3", "--set", "batch_size=16", "--set", "learning_rate=0.1",
        "--set", "lr_decay_steps=0");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("Training sst2-tfidf-logreg (jit=none) on glue/sst2: 300"
        + " train, 60 eval examples"), train.out());
    String best = train.out().lines().filter(l -> l.startsWith("Best epoch")).findFirst()
        .orElseThrow();
    assertTrue(best.startsWith("Best epoch ") && best.contains(" of 3: dev accuracy 100.00%"),
        best);
    assertEquals(3, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());
    for (String file : List.of("config.json", "tfidf.txt", "checkpoints/state.json")) {
      assertTrue(Files.exists(workdir.resolve(file)), file);
    }
    // The first term, "awful": smooth idf over the 300 train sentences.
    long df = Files.readAllLines(tsv.resolve("train.tsv")).stream()
        .filter(line -> line.contains("awful")).count();
    assertEquals(List.of("kiln-tfidf v1 lowercase=true",
            (Math.log(301.0 / (1 + df)) + 1) + "\tawful"),
        Files.readAllLines(workdir.resolve("tfidf.txt")).subList(0, 2));

    CommandRun eval = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().startsWith("glue/sst2 validation: accuracy 100.00%, "), eval.out());
    Path submission = temp.resolve("SST-2.tsv");
    CommandRun test = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--split", "test", "--output", submission.toString());
    assertEquals(0, test.exitCode(), test.err());
    assertTrue(test.out().contains("glue/sst2 test: 20 examples predicted"), test.out());
    assertEquals(21, Files.readAllLines(submission).size());

    CommandRun again = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("Resuming from checkpoints/ckpt-"), again.out());
    assertTrue(again.out().contains(best), again.out());
    CommandRun fewer = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--set", "max_features=5", "--force-config");
    assertEquals(1, fewer.exitCode(), fewer.out() + fewer.err());
    assertTrue(fewer.err().matches("(?s)kiln train: cannot resume from ckpt-\\d+: it was trained"
        + " on the 8 TF-IDF features of .*tfidf.txt, but this config and data fit 5 different ones"
        + " \\(max_features, lowercase and the training data must stay as they were\\)\\s*"),
        fewer.err());
    assertTrue(Files.readString(workdir.resolve("config.json")).contains("\"max_features\": 20000"),
        "a refused resume leaves config.json as it was");

    Path labels = Files.writeString(temp.resolve("label.labels.txt"), "negative\npositive\n");
    Path base = temp.resolve("models");
    CommandRun export = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString());
    assertEquals(0, export.exitCode(), export.err());
    assertEquals("Exported " + base.resolve("1") + "\n", export.out());
    CommandRun predict = CommandRun.of("predict", "--model", base.toString(),
        "What a GREAT, moving film!", "dull... DULL", "");
    assertEquals(0, predict.exitCode(), predict.err());
    List<String> lines = predict.out().lines().toList();
    assertEquals(3, lines.size(), predict.out());
    assertTrue(lines.get(0).matches("positive\t0\\.[5-9][0-9]{5}\tWhat a GREAT, moving film!"),
        lines.get(0));
    assertTrue(lines.get(1).matches("negative\t0\\.[5-9][0-9]{5}\tdull\\.\\.\\. DULL"),
        lines.get(1));
    assertTrue(lines.get(2).matches("(positive|negative)\t0\\.[5-9][0-9]{5}\t"), lines.get(2));

    CommandRun zero = CommandRun.of("train", "--preset", "sst2-tfidf-logreg", "--data-dir",
        dataDir.toString(), "--workdir", temp.resolve("other").toString(), "--set",
        "max_features=0");
    assertEquals(1, zero.exitCode());
    assertEquals("kiln train: config field max_features: must be at least 1, got 0\n",
        zero.err());
  }
}
