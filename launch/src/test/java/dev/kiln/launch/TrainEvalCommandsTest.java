package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.tfds.SplitSpec;
import dev.kiln.models.Preset;
import dev.kiln.models.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvalCommandsTest {
  @TempDir Path temp;

  @Test
  void trainPreparesTheDataTrainsAndEvalReloadsTheBestCheckpoint() throws Exception {
    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 300);
    Path dataDir = temp.resolve("tfds");
    Path workdir = temp.resolve("run");
    CommandRun train = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--source",
        tsv.toString(), "--data-dir", dataDir.toString(), "--workdir", workdir.toString(),
        "--jit", "none", "--set", "num_epochs=3", "--set", "embedding_size=16",
        "--set", "hidden_size=16", "--set", "batch_size=16", "--set", "min_freq=1",
        "--set", "max_input_length=16", "--set", "learning_rate=0.01");
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("Prepared glue/sst2 2.0.0"), train.out());
    String best = train.out().lines().filter(l -> l.startsWith("Best epoch")).findFirst()
        .orElseThrow();
    List<String> metrics = Files.readAllLines(workdir.resolve("metrics.jsonl"));
    assertEquals(3, metrics.size());
    assertTrue(metrics.get(0).endsWith(",\"train_split\":\"train\",\"eval_split\":\"validation\"}"),
        metrics.get(0));
    assertFalse(train.out().contains("Test"), train.out());
    assertFalse(Files.exists(workdir.resolve("test_metrics.json")));
    for (String file : List.of("config.json", "vocab.txt", "checkpoints/state.json")) {
      assertTrue(Files.exists(workdir.resolve(file)), file);
    }

    CommandRun eval = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    String accuracy = best.replaceAll(".*dev accuracy ([0-9.]+%).*", "$1");
    assertTrue(eval.out().startsWith("glue/sst2 validation: accuracy " + accuracy + ", "),
        eval.out() + " vs " + best);

    CommandRun latest = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--checkpoint", "latest");
    assertEquals(0, latest.exitCode(), latest.err());
    assertTrue(latest.out().startsWith("glue/sst2 validation: accuracy "), latest.out());

    Path submission = temp.resolve("SST-2.tsv");
    CommandRun test = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--split", "test", "--output", submission.toString());
    assertEquals(0, test.exitCode(), test.err());
    assertTrue(test.out().contains("glue/sst2 test: 20 examples predicted"), test.out());
    List<String> lines = Files.readAllLines(submission);
    assertEquals("index\tprediction", lines.get(0));
    assertEquals(21, lines.size());
    assertTrue(lines.get(1).startsWith("0\t") && lines.get(20).startsWith("19\t"), lines.toString());

    // Training it again resumes from its latest checkpoint, the end of the last epoch: nothing
    // left to train, and the best epoch is still the best.
    CommandRun again = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.out().contains("Resuming from checkpoints/ckpt-"), again.out());
    assertTrue(again.out().contains(", end of epoch 3)"), again.out());
    assertTrue(again.out().contains(best), again.out());
    assertEquals(3, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());

    CommandRun changed = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--set", "num_epochs=4", "--set", "learning_rate=0.02");
    assertEquals(1, changed.exitCode());
    assertEquals("kiln train: cannot resume " + workdir + " with another config than its"
        + " checkpoint's (num_epochs 3 -> 4, learning_rate 0.01 -> 0.02); pass --force-config to"
        + " resume with it anyway", changed.err().strip());
    CommandRun batches = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--set", "batch_size=32", "--force-config");
    assertEquals(1, batches.exitCode());
    assertTrue(batches.err().contains(": its epochs had 19 batches, the training data now gives 10"
        + " (another dataset or batch_size?)"), batches.err());
    CommandRun vocabulary = CommandRun.of("train", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString(), "--set", "min_freq=100000", "--force-config");
    assertEquals(1, vocabulary.exitCode(), vocabulary.out() + vocabulary.err());
    assertTrue(vocabulary.err().matches("(?s)kiln train: cannot resume from ckpt-\\d+: it was"
        + " trained with the \\d+-token vocabulary in .*vocab.txt, but this config and data build"
        + " a \\d+-token one \\(min_freq and the training data must stay as they were\\)\\s*"),
        vocabulary.err());
    assertTrue(Files.readString(workdir.resolve("config.json")).contains("\"batch_size\": 16"),
        "a refused resume leaves config.json as it was");
    CommandRun otherPreset = CommandRun.of("train", "--workdir", workdir.toString(), "--preset",
        "sst2-bilstm-attention");
    assertEquals(1, otherPreset.exitCode());
    assertTrue(otherPreset.err().contains("a run of sst2-lstm-2020"), otherPreset.err());

    Path noCheckpoint = Files.createDirectories(temp.resolve("old"));
    Files.writeString(noCheckpoint.resolve("metrics.jsonl"), "{\"epoch\": 1}\n");
    CommandRun old = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--workdir",
        noCheckpoint.toString());
    assertEquals(1, old.exitCode());
    assertTrue(old.err().contains("already holds a run (metrics.jsonl) but no checkpoint"),
        old.err());

    CommandRun beyond = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--data-dir",
        dataDir.toString(), "--workdir", temp.resolve("beyond").toString(), "--set",
        "eval_split=validation[:5000]");
    assertEquals(1, beyond.exitCode());
    assertTrue(beyond.err().strip().matches("kiln train: config field eval_split: split"
        + " 'validation\\[:5000\\]': the slice \\[0:5000\\] of validation lies beyond its \\d+"
        + " examples"), beyond.err());
    CommandRun malformed = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--data-dir",
        dataDir.toString(), "--workdir", temp.resolve("malformed").toString(), "--set",
        "train_split=train[:90]%");
    assertEquals(1, malformed.exitCode());
    assertEquals("kiln train: config field train_split: split 'train[:90]%': 'train[:90]%' is not"
        + " NAME or NAME[FROM:TO]; " + SplitSpec.ACCEPTED_FORMS, malformed.err().strip());
    assertFalse(Files.exists(temp.resolve("malformed")));
  }

  @Test
  void mistakesInPresetsAndOverridesAreOneLineErrors() {
    CommandRun unknown = CommandRun.of("train", "--preset", "nope", "--workdir",
        temp.resolve("w").toString());
    assertEquals(1, unknown.exitCode());
    // PresetsTest pins the list; here, that the command prints it on one line
    assertEquals("kiln train: unknown preset 'nope' (known: " + String.join(", ",
        Presets.all().stream().map(Preset::name).toList()) + ")", unknown.err().strip());
    CommandRun typo = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--set",
        "num_epochs=many", "--workdir", temp.resolve("w").toString());
    assertEquals("kiln train: --set num_epochs=many: num_epochs takes an integer",
        typo.err().strip());
    CommandRun jit = CommandRun.of("train", "--preset", "sst2-lstm-2020", "--jit", "fast",
        "--workdir", temp.resolve("w").toString());
    assertEquals(1, jit.exitCode());
    assertTrue(jit.err().contains("fast"), jit.err());
    CommandRun noModel = CommandRun.of("eval", "--workdir", temp.resolve("empty").toString());
    assertEquals(1, noModel.exitCode());
    assertTrue(noModel.err().contains("config.json not found"), noModel.err());
  }

  @Test
  void presetsListsOneLineEach() {
    CommandRun run = CommandRun.of("presets");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().matches("(?s)sst2-lstm-2020 +Flax SST-2 2020: .*"), run.out());
    assertEquals(Presets.all().size(), run.out().lines().count());
    assertTrue(CommandRun.of("presets", "--verbose").out().contains("    learning_rate = 5.0E-4"));
  }
}
