package dev.kiln.tools.serve;

import dev.kiln.launch.serve.SavedModelServable;
import dev.kiln.launch.serve.ServingType;
import dev.kiln.launch.serve.TensorValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of one {@code serving_default} session run of each export given, without a server:
 * the same batch of raw sentences, exports taken in turn round after round (so a busy machine
 * slows them alike), printed as a markdown table of the median and 10th percentile milliseconds
 * per run.
 *
 * <pre>
 * SessionRunBenchmark [--rows 1] [--sentence TEXT] [--rounds 30] VERSION_DIR...
 * </pre>
 */
public final class SessionRunBenchmark {
  private static final int RUNS_PER_ROUND = 10;
  private static final int WARM_UP_RUNS = 20;

  private SessionRunBenchmark() {}

  public static void main(String[] args) {
    int rows = 1;
    int rounds = 30;
    String sentence = "a gorgeous , witty , seductive movie .";
    List<Path> exports = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Integer.parseInt(value(args, ++i));
        case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
        case "--sentence" -> sentence = value(args, ++i);
        default -> exports.add(Path.of(args[i]));
      }
    }
    if (exports.isEmpty() || rows < 1 || rounds < 1) {
      throw new IllegalArgumentException("usage: SessionRunBenchmark [--rows N] [--sentence TEXT]"
          + " [--rounds N] VERSION_DIR...");
    }
    byte[][] batch = new byte[rows][];
    Arrays.fill(batch, sentence.getBytes(StandardCharsets.UTF_8));
    Map<String, TensorValue> inputs = Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {rows}, batch));
    List<SavedModelServable> models = new ArrayList<>();
    try {
      List<List<Double>> millis = new ArrayList<>();
      for (Path export : exports) {
        SavedModelServable model = SavedModelServable.load(export);
        models.add(model);
        millis.add(new ArrayList<>());
        for (int i = 0; i < WARM_UP_RUNS; i++) {
          model.predict("serving_default", inputs);
        }
      }
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < models.size(); k++) {
          long started = System.nanoTime();
          for (int i = 0; i < RUNS_PER_ROUND; i++) {
            models.get(k).predict("serving_default", inputs);
          }
          millis.get(k).add((System.nanoTime() - started) / 1e6 / RUNS_PER_ROUND);
        }
      }
      System.out.println("| export | rows | words | median ms/run | p10 ms/run |");
      System.out.println("|---|---|---|---|---|");
      for (int k = 0; k < models.size(); k++) {
        List<Double> sorted = new ArrayList<>(millis.get(k));
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", exports.get(k), rows,
            sentence.strip().split("\\s+").length, sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() / 10));
      }
    } finally {
      models.forEach(SavedModelServable::close);
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
