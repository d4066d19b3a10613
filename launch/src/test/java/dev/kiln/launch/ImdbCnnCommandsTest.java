package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.datasets.tfds.SplitSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * imdb-cnn through the commands: train (GPT-2 ids) on train[:90%], select on train[90%:], test
 * once; eval on split specs, export, predict raw text.
 */
class ImdbCnnCommandsTest {
  @TempDir Path temp;

  @Test
  void trainEvalExportAndPredict() throws Exception {
    Path source = ImdbJsonl.write(temp.resolve("imdb"), 320, 80);
    Path dataDir = temp.resolve("tfds");
    Path workdir = temp.resolve("run");
    CommandRun train = CommandRun.of("train", "--preset", "imdb-cnn", "--source",
        source.toString(), "--data-dir", dataDir.toString(), "--workdir", workdir.toString(),
        "--set", "num_epochs=3", "--set", "embedding_size=16", "--set", "conv_features=16",
        "--set", "hidden_size=16", "--set", "batch_size=16", "--set", "max_input_length=40",
        "--set", "bucket_size=10", "--set", "learning_rate=0.01", "--set", "emb_dropout=0.1",
        "--set", "dropout_rate=0.1");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("Prepared imdb_reviews/plain_text 1.0.0"), train.out());
    assertTrue(train.out().contains("Training imdb-cnn (jit=none) on imdb_reviews: 288 train, 32"
        + " eval examples (train_split train[:90%], eval_split train[90%:], test_split test once at"
        + " the end)"), train.out());
    String best = train.out().lines().filter(l -> l.startsWith("Best epoch")).findFirst()
        .orElseThrow();
    assertTrue(best.matches("Best epoch [123] of 3: train\\[90%:\\] accuracy [0-9.]+% \\(eval"
        + " loss .*"), best);
    String epoch = best.replaceAll("Best epoch ([123]) .*", "$1");
    String test = train.out().lines().filter(l -> l.startsWith("Test")).findFirst().orElseThrow();
    assertTrue(test.matches("Test \\(test\\) accuracy of epoch " + epoch + ", selected on"
        + " train\\[90%:\\]: [0-9.]+% \\(loss [0-9.]+\\) over 80 examples"), test);
    assertTrue(Files.exists(workdir.resolve("config.json")));
    assertFalse(Files.exists(workdir.resolve("vocab.txt")));
    List<String> metrics = Files.readAllLines(workdir.resolve("metrics.jsonl"));
    assertEquals(3, metrics.size());
    for (String line : metrics) {
      assertTrue(line.endsWith(",\"train_split\":\"train[:90%]\",\"eval_split\":\"train[90%:]\"}"),
          line);
    }
    JsonObject testMetrics = JsonParser.parseString(
        Files.readString(workdir.resolve("test_metrics.json"))).getAsJsonObject();
    assertEquals("test", testMetrics.get("test_split").getAsString());
    assertEquals("train[90%:]", testMetrics.get("selected_on").getAsString());
    assertEquals(Integer.parseInt(epoch), testMetrics.get("epoch").getAsInt());
    assertEquals(80, testMetrics.get("test_examples").getAsInt());

    // eval defaults to the split the best epoch was chosen on, and takes any split spec
    CommandRun eval = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    String accuracy = best.replaceAll(".*\\] accuracy ([0-9.]+%).*", "$1");
    assertTrue(eval.out().startsWith("imdb_reviews train[90%:]: accuracy " + accuracy + ", "),
        eval.out() + " vs " + best);
    assertTrue(eval.out().contains("over 32 examples"), eval.out());
    CommandRun evalTest = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--split", "test");
    assertEquals(0, evalTest.exitCode(), evalTest.err());
    String testAccuracy = test.replaceAll(".*: ([0-9.]+%) \\(loss.*", "$1");
    assertTrue(evalTest.out().startsWith("imdb_reviews test: accuracy " + testAccuracy + ", "),
        evalTest.out() + " vs " + test);
    CommandRun evalSlice = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--split", "test[:10]+train[-5:]");
    assertEquals(0, evalSlice.exitCode(), evalSlice.err());
    assertTrue(evalSlice.out().contains("over 15 examples"), evalSlice.out());
    CommandRun evalBad = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--split", "test[:10]]");
    assertEquals(1, evalBad.exitCode());
    assertEquals("kiln eval: --split: split 'test[:10]]': 'test[:10]]' is not NAME or NAME[FROM:TO]; "
        + SplitSpec.ACCEPTED_FORMS, evalBad.err().strip());

    Path base = temp.resolve("models");
    CommandRun export = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--data-dir", dataDir.toString());
    assertEquals(0, export.exitCode(), export.err());
    assertTrue(Files.exists(base.resolve("1/assets/tokenizer.json")));

    CommandRun predict = CommandRun.of("predict", "--model", base.toString(),
        "the film was great", "a dull plot <br /> and");
    assertEquals(0, predict.exitCode(), predict.err());
    List<String> lines = predict.out().lines().toList();
    assertEquals(2, lines.size(), predict.out());
    assertTrue(lines.get(0).matches("pos\t0\\.[5-9][0-9]{5}\tthe film was great"), lines.get(0));
    assertTrue(lines.get(1).matches("neg\t0\\.[5-9][0-9]{5}\ta dull plot <br /> and"), lines.get(1));
  }
}
