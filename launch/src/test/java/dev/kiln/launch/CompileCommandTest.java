package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
  @TempDir Path temp;

  private static final String[] SMALL = {"--set", "embedding_size=8", "--set", "hidden_size=8",
      "--set", "batch_size=16", "--set", "min_freq=1", "--set", "max_input_length=12",
      "--set", "bucket_size=8"};

  private String[] args(String... head) {
    List<String> all = new ArrayList<>(List.of(head));
    all.addAll(List.of(SMALL));
    return all.toArray(new String[0]);
  }

  /**
   * The batches compile writes are the first epoch's, and the sums it records are what ./kiln
   * train --jit xla computes on them: over a whole epoch they give train's train_loss.
   */
  @Test
  void compileWritesEveryStepAndItsBatchesAreTrainsFirstEpoch() throws Exception {
    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 300);
    Path dataDir = temp.resolve("tfds");
    Path out = temp.resolve("programs");
    CommandRun compile = CommandRun.of(args("compile", "--preset", "sst2-lstm-2020",
        "--source", tsv.toString(), "--data-dir", dataDir.toString(), "--out", out.toString(),
        "--dump-batches", "1000"));
    assertEquals(0, compile.exitCode(), compile.err());
    assertTrue(compile.out().contains("Ran 19 train steps with XLA"), compile.out());
    assertTrue(compile.out().contains("Wrote 4 programs (train_step_t8 ... eval_step_t12)"),
        compile.out());
    assertFalse(leftIncomplete(temp), "an incomplete directory was left behind");
    assertFalse(Files.exists(out.resolve(".xla-dump")));
    assertTrue(Files.exists(out.resolve("parameters/ckpt.index")));
    assertTrue(Files.exists(out.resolve("batches/after/ckpt.index")));
    assertTrue(Files.exists(out.resolve("batches/00018/token_ids.npy")));

    JsonObject manifest = JsonParser.parseString(Files.readString(out.resolve("manifest.json")))
        .getAsJsonObject();
    assertEquals("kiln-xla-programs", manifest.get("format").getAsString());
    assertEquals("sst2-lstm-2020", manifest.get("preset").getAsString());
    assertEquals("2.18.0", manifest.getAsJsonObject("producer").get("tensorflow").getAsString());
    assertEquals("1.1.0",
        manifest.getAsJsonObject("producer").get("tensorflow_java").getAsString());
    List<String> names = new ArrayList<>();
    manifest.getAsJsonArray("programs").forEach(p -> {
      JsonObject program = p.getAsJsonObject();
      names.add(program.get("name").getAsString());
      assertTrue(Files.exists(out.resolve(program.get("hlo").getAsString())));
      assertEquals("[]", program.get("constant_inputs").toString());
      assertEquals("token_ids", program.getAsJsonArray("parameters").get(0).getAsJsonObject()
          .get("name").getAsString());
    });
    assertEquals(List.of("train_step_t8", "eval_step_t8", "train_step_t12", "eval_step_t12"),
        names);
    // parameters/*.npy: every variable the train steps take, in their parameter order.
    List<String> variables = new ArrayList<>();
    manifest.getAsJsonArray("programs").get(0).getAsJsonObject().getAsJsonArray("parameters")
        .forEach(p -> {
          if (p.getAsJsonObject().get("role").getAsString().equals("variable")) {
            variables.add(p.getAsJsonObject().get("name").getAsString());
          }
        });
    List<String> arrays = new ArrayList<>();
    manifest.getAsJsonArray("parameter_arrays").forEach(a -> {
      arrays.add(a.getAsJsonObject().get("name").getAsString());
      assertTrue(Files.exists(out.resolve(a.getAsJsonObject().get("file").getAsString())));
    });
    assertEquals(variables, arrays);
    assertEquals(0, npyLong(out.resolve("parameters/adam.count.npy")));

    double lossSum = 0;
    double weight = 0;
    for (String line : Files.readAllLines(out.resolve("batches/reference.jsonl"))) {
      JsonObject step = JsonParser.parseString(line).getAsJsonObject();
      lossSum += step.get("loss_sum").getAsDouble();
      weight += step.get("weight").getAsDouble();
    }
    assertEquals(300, weight); // every train example, once

    Path workdir = temp.resolve("run");
    CommandRun train = CommandRun.of(args("train", "--preset", "sst2-lstm-2020", "--data-dir",
        dataDir.toString(), "--workdir", workdir.toString(), "--jit", "xla", "--set",
        "num_epochs=1"));
    assertEquals(0, train.exitCode(), train.err());
    JsonObject epoch = JsonParser.parseString(
        Files.readAllLines(workdir.resolve("metrics.jsonl")).get(0)).getAsJsonObject();
    assertEquals(epoch.get("train_loss").getAsDouble(), lossSum / weight, 1e-6);

    // From the workdir's best checkpoint: its parameters are the starting ones.
    Path fromRun = temp.resolve("from-run");
    CommandRun again = CommandRun.of("compile", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--out", fromRun.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains(" from " + workdir.resolve("checkpoints")), again.out());
    assertEquals(Files.size(workdir.resolve("checkpoints").resolve(Files.readString(
        workdir.resolve("checkpoints/state.json")).replaceAll("(?s).*\"best\": \"([^\"]+)\".*",
        "$1")).resolve("ckpt.data-00000-of-00001")),
        Files.size(fromRun.resolve("parameters/ckpt.data-00000-of-00001")));
    assertEquals(19, npyLong(fromRun.resolve("parameters/adam.count.npy")), "the best epoch's step");
  }

  /** The value of a scalar int64 .npy file (its last 8 bytes, little-endian). */
  private static long npyLong(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    return java.nio.ByteBuffer.wrap(b, b.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getLong();
  }

  private static boolean leftIncomplete(Path dir) throws Exception {
    try (var entries = Files.list(dir)) {
      return entries.anyMatch(p -> p.getFileName().toString().startsWith("incomplete."));
    }
  }

  @Test
  void badRequestsGetOneLine() throws Exception {
    Path out = Files.createDirectories(temp.resolve("taken"));
    Files.writeString(out.resolve("file"), "x");
    CommandRun taken = CommandRun.of("compile", "--preset", "sst2-lstm-2020", "--out",
        out.toString());
    assertEquals(1, taken.exitCode());
    assertEquals("kiln compile: --out " + out + " already exists; choose a new directory",
        taken.err().strip());

    CommandRun both = CommandRun.of("compile", "--preset", "sst2-lstm-2020", "--workdir",
        temp.toString(), "--out", temp.resolve("x").toString());
    assertEquals("kiln compile: give either --preset NAME or --workdir DIR", both.err().strip());

    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 40);
    CommandRun tfidf = CommandRun.of("compile", "--preset", "sst2-tfidf-logreg", "--source",
        tsv.toString(), "--data-dir", temp.resolve("tfds").toString(), "--out",
        temp.resolve("t").toString());
    assertEquals(1, tfidf.exitCode());
    assertTrue(tfidf.err().strip().endsWith("kiln compile: compile takes text classifier presets;"
        + " sst2-tfidf-logreg (TF-IDF + logistic regression) is not one yet"), tfidf.err());
    assertFalse(leftIncomplete(temp), "an incomplete directory was left behind");
  }
}
