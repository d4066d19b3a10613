package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.launch.export.ExportedModels;
import dev.kiln.models.run.TrainedTextClassifier;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPredictCommandsTest {
  @TempDir static Path temp;
  static Path workdir;
  static Path labels;

  @BeforeAll
  static void train() throws Exception {
    workdir = temp.resolve("workdir");
    ExportedModels.train(workdir, "sst2-bilstm-attention");
    labels = ExportedModels.labelsFile(temp);
  }

  @Test
  void exportWritesNumberedVersionsAndPredictPrintsLabelProbabilityAndSentence() throws Exception {
    Path base = temp.resolve("models");
    CommandRun first = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString());
    assertEquals(0, first.exitCode(), first.err());
    assertEquals("Exported " + base.resolve("1") + "\n", first.out());
    CommandRun fifth = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString(), "--version", "5");
    assertEquals(0, fifth.exitCode(), fifth.err());
    CommandRun sixth = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString(), "--checkpoint", "best");
    assertEquals("Exported " + base.resolve("6") + "\n", sixth.out(), sixth.err());

    List<String> sentences = List.of("the film was great", "a dull\tplot", "");
    List<String[]> expected = expectedLines(sentences);
    CommandRun fromBase = CommandRun.of("predict", "--model", base.toString(), sentences.get(0),
        sentences.get(1), sentences.get(2));
    assertEquals(0, fromBase.exitCode(), fromBase.err());
    assertPredictions(expected, fromBase.out());
    CommandRun fromVersion = CommandRun.of("predict", "--model", base.resolve("5").toString(),
        sentences.get(0), sentences.get(1), sentences.get(2));
    assertPredictions(expected, fromVersion.out());

    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream(
          String.join("\n", sentences).concat("\n").getBytes(StandardCharsets.UTF_8)));
      CommandRun fromStdin = CommandRun.of("predict", "--model", base.toString());
      assertPredictions(expected, fromStdin.out());
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void mistakesAreOneLineErrors() {
    Path base = temp.resolve("other");
    CommandRun exists = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString(), "--version", "3");
    assertEquals(0, exists.exitCode(), exists.err());
    CommandRun again = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString(), "--version", "3");
    assertEquals(1, again.exitCode());
    assertEquals("kiln export: version 3 exists already: " + base.resolve("3") + "\n", again.err());
    CommandRun latest = CommandRun.of("export", "--workdir", workdir.toString(), "--export-dir",
        base.toString(), "--labels", labels.toString(), "--checkpoint", "latest");
    assertEquals(0, latest.exitCode(), latest.err());
    assertTrue(latest.out().startsWith("Exported " + base.resolve("4")), latest.out());
    CommandRun empty = CommandRun.of("predict", "--model", temp.toString(), "x");
    assertEquals(1, empty.exitCode());
    assertTrue(empty.err().contains("neither a SavedModel nor a base path"), empty.err());
  }

  /** Label, probability and sentence for each of {@code sentences}, from the trained workdir. */
  private static List<String[]> expectedLines(List<String> sentences) throws Exception {
    try (TrainedTextClassifier model = TrainedTextClassifier.load(workdir)) {
      float[] p = model.probabilities(
          sentences.stream().map(s -> new LabelledText(s, -1, 0)).toList());
      List<String[]> lines = new ArrayList<>();
      for (int i = 0; i < p.length; i++) {
        boolean positive = p[i] >= 0.5f;
        lines.add(new String[] {ExportedModels.LABELS.get(positive ? 1 : 0),
            Float.toString(positive ? p[i] : 1 - p[i]), sentences.get(i)});
      }
      return lines;
    }
  }

  /** {@code out} has one {@code label<TAB>probability<TAB>sentence} line per expected line. */
  private static void assertPredictions(List<String[]> expected, String out) {
    List<String> lines = out.lines().toList();
    assertEquals(expected.size(), lines.size(), out);
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split("\t", 3);
      assertEquals(expected.get(i)[0], fields[0], lines.get(i));
      assertEquals(Float.parseFloat(expected.get(i)[1]), Float.parseFloat(fields[1]), 1.5e-6,
          lines.get(i));
      assertTrue(fields[1].matches("[01]\\.[0-9]{6}"), lines.get(i));
      assertEquals(expected.get(i)[2], fields[2], lines.get(i));
    }
  }
}
