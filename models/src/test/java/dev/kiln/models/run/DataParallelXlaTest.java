package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training under {@code jit=xla} on CPU, where XLA cannot compile collectives: each
 * worker's train step is two XLA computations, the gradients and the update, with the all-reduce
 * and the embedding rows' all-gather between them in the main graph; and 2 workers still train as
 * one process does. Runs {@link DataParallelXlaProbe} in a child JVM with {@code
 * XLA_FLAGS=--xla_dump_to=<tmp>} (read when the native library loads), then reads its output and
 * the HLO modules XLA dumped, as {@code XlaCompilationTest} does for the single-process step.
 */
@Tag("slow")
class DataParallelXlaTest {
  /** As DataParallelEquivalenceTest's; seen under XLA: losses 1.2e-7, weights 1.1e-6. */
  private static final double RELATIVE_TOLERANCE = 1e-5;
  private static final Pattern MODULE = Pattern.compile("module_(\\d+)\\.([^.]+)\\.");

  @Test
  void twoWorkersRunTwoXlaComputationsPerStepAroundTheCollectivesAndTrainAsOneProcess(
      @TempDir Path dir) throws Exception {
    Path dump = dir.resolve("xla");
    String out = runProbe(dump, "adam");
    assertWorkersTrainAsOneProcess(out);

    Map<String, String> modules = modules(dump);
    assertEquals(1 + 2 * DataParallelXlaProbe.WORKERS, modules.size(),
        "one module for the single-process step, two per worker: " + modules.keySet());
    for (int rank = 0; rank < DataParallelXlaProbe.WORKERS; rank++) {
      String calls = value(out, "worker " + rank + " calls");
      Matcher m = Pattern.compile("^\\[train_step_t4/gradients_call:(train_step_t4_gradients_\\d+)"
          + "_\\w+, train_step_t4/update_call:(train_step_t4_update_\\d+)_\\w+]$").matcher(calls);
      assertTrue(m.matches(), "worker " + rank + " calls exactly a gradient function, then an"
          + " update function: " + calls);
      String gradients = module(modules, m.group(1));
      String update = module(modules, m.group(2));
      long dots = Pattern.compile(" dot\\(").matcher(gradients).results().count();
      assertTrue(dots >= 3 * 4, "the forward and backward matmuls are in the gradient"
          + " computation: " + dots + " dots");
      assertTrue(gradients.contains("tanh("), "the LSTM is in the gradient computation");
      assertFalse(gradients.contains("sqrt("), "Adam is not in the gradient computation");
      assertFalse(header(gradients).contains("input_output_alias"),
          "the gradient computation assigns no variable");
      assertTrue(update.contains("sqrt("), "Adam is in the update computation");
      assertTrue(update.contains("scatter("),
          "the embedding's gathered rows are summed into its gradient in the update");
      assertFalse(update.contains(" dot("), "no matmul (forward or backward) in the update");
      assertTrue(header(update).contains("input_output_alias"),
          "the update computation assigns the variables");
      for (String text : List.of(gradients, update)) {
        assertFalse(text.contains("all-reduce") || text.contains("all-gather"),
            "no collective inside an XLA computation");
      }
    }
  }

  /**
   * With lazy_adam (row updates on the all-gathered ids, in the update computation) 2 workers
   * still train as one process does.
   */
  @Test
  void lazyAdamOnTwoWorkersUnderXlaTrainsAsOneProcess(@TempDir Path dir) throws Exception {
    assertWorkersTrainAsOneProcess(runProbe(dir.resolve("xla"), "lazy_adam"));
  }

  private static void assertWorkersTrainAsOneProcess(String out) {
    List<Double> single = doubles(value(out, "single losses"));
    for (int rank = 0; rank < DataParallelXlaProbe.WORKERS; rank++) {
      String worker = "worker " + rank;
      List<Double> losses = doubles(value(out, worker + " losses"));
      assertEquals(single.size(), losses.size(), out);
      for (int step = 0; step < single.size(); step++) {
        assertEquals(single.get(step), losses.get(step),
            RELATIVE_TOLERANCE * Math.abs(single.get(step)), worker + ", step " + step);
      }
      double weights = Double.parseDouble(value(out, worker + " largest weight difference"));
      assertTrue(weights <= RELATIVE_TOLERANCE, worker + " weights differ by " + weights);
      assertEquals("true", value(out, worker + " weights as worker 0's"), out);
      assertEquals("[CollectiveGatherV2, CollectiveReduceV2]",
          value(out, worker + " main-graph collectives"),
          "one all-reduce and one all-gather per train step, in the main graph");
      assertEquals("[]", value(out, worker + " function collectives"),
          "no collective inside a compiled function");
    }
    System.out.println(out.lines().filter(l -> l.contains("losses=")
        || l.contains("weight difference=")).reduce((a, b) -> a + "\n" + b).orElse(""));
  }

  private static String runProbe(Path dump, String optimizer) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        DataParallelXlaProbe.class.getName(), optimizer);
    pb.environment().put("XLA_FLAGS", "--xla_dump_to=" + dump);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
      // Read on another thread, so the wait below is bounded even if the probe hangs.
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe timed out");
      String out = output.get(10, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), "probe failed:\n" + out);
      return out;
    } finally {
      p.destroyForcibly();
    }
  }

  /** The text after {@code key=} on the probe's line starting with {@code key=}. */
  private static String value(String out, String key) {
    return out.lines().filter(l -> l.startsWith(key + "=")).findFirst()
        .map(l -> l.substring(key.length() + 1)).orElseThrow(
            () -> new AssertionError("no '" + key + "=' line in the probe's output:\n" + out));
  }

  private static List<Double> doubles(String list) {
    return Arrays.stream(list.replaceAll("[\\[\\]]", "").split(",\\s*"))
        .map(Double::parseDouble).toList();
  }

  /** Module name to its text before optimisations; module ids must not repeat a name. */
  private static Map<String, String> modules(Path dump) throws Exception {
    Map<String, String> modules = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dump)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".before_optimizations.txt"))
          .toList();
    }
    for (Path f : files) {
      Matcher m = MODULE.matcher(f.getFileName().toString());
      assertTrue(m.lookingAt(), f.toString());
      assertTrue(modules.put(m.group(2), Files.readString(f)) == null,
          "module " + m.group(2) + " compiled twice");
    }
    return modules;
  }

  /** The one module compiled from function {@code function} (named {@code <function>_<hash>}). */
  private static String module(Map<String, String> modules, String function) {
    List<String> texts = new ArrayList<>();
    modules.forEach((name, text) -> {
      if (name.startsWith(function + "_")) {
        texts.add(text);
      }
    });
    assertEquals(1, texts.size(), "modules of " + function + ": " + modules.keySet());
    return texts.get(0);
  }

  private static String header(String hlo) {
    return hlo.lines().findFirst().orElse("");
  }
}
