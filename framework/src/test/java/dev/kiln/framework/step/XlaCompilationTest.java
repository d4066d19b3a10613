package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that jit=xla compiles the WHOLE train step as one XLA module, and jit=none compiles
 * nothing. XLA_FLAGS is read when the native library loads, so this runs {@link XlaDumpProbe} in a
 * child JVM with {@code XLA_FLAGS=--xla_dump_to=<tmp>}.
 */
class XlaCompilationTest {
  @Test
  void xlaCompilesTheWholeTrainStepAsOneModule(@TempDir Path dir) throws Exception {
    Path dump = dir.resolve("xla");
    String out = ChildJvm.run(XlaDumpProbe.class, Map.of("XLA_FLAGS", "--xla_dump_to=" + dump),
        dump.toString());
    assertTrue(out.contains("none-files=0"), "jit=none must not compile anything:\n" + out);
    assertTrue(out.contains("XLA loss="), out);

    // Module files are named module_<id>.<name>.<stage>...; one id per compiled computation.
    Pattern module = Pattern.compile("module_(\\d+)\\.([^.]+)\\.");
    Set<String> modules = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dump)) {
      files = s.toList();
    }
    for (Path f : files) {
      Matcher m = module.matcher(f.getFileName().toString());
      if (m.lookingAt()) {
        modules.add(m.group(1) + ":" + m.group(2));
      }
    }
    assertEquals(1, modules.size(), "expected exactly one XLA module, got " + modules);
    String name = modules.iterator().next();
    assertTrue(name.contains(":train_step_"), "the module should be the train step function: " + name);

    Path hlo = files.stream().filter(f -> f.getFileName().toString().endsWith(".before_optimizations.txt"))
        .findFirst().orElseThrow();
    String text = Files.readString(hlo);
    // forward (6 unrolled steps + input projection + 2 dense) and backward matmuls are all inside
    long dots = Pattern.compile("= f32\\[[^\\]]*\\]\\{?[^ ]* dot\\(").matcher(text).results().count();
    assertTrue(dots >= 3 * 6, "expected forward and backward matmuls in the module, found " + dots);
    assertTrue(text.contains("tanh"), "LSTM tanh should be in the module");
    assertTrue(text.contains("sqrt"), "Adam's sqrt should be in the module");
    assertTrue(text.contains("gather"), "the embedding gather should be in the module");

    Path optimized = files.stream().filter(f -> f.getFileName().toString().endsWith(".cpu_after_optimizations.txt"))
        .findFirst().orElseThrow();
    int largest = largestFusedComputation(Files.readString(optimized));
    assertTrue(largest > 10 && largest < 100,
        "largest fused computation has " + largest + " instructions; > 100 means XLA is recomputing the LSTM state chain");
  }

  /**
   * Regression guard for the LSTM recomputation problem (XLA_NOTES.md, "Finding 1"): before the
   * fix the largest fused computation at T=6 had 150 instructions (it recomputed the cell-state
   * chain across time steps); with it, 61.
   */
  static int largestFusedComputation(String optimizedHlo) {
    int largest = 0;
    int current = -1;
    for (String line : optimizedHlo.split("\n")) {
      if (line.startsWith("fused_computation")) {
        current = 0;
      } else if (line.startsWith("}")) {
        largest = Math.max(largest, current);
        current = -1;
      } else if (current >= 0 && line.startsWith("  ")) {
        current++;
      }
    }
    return largest;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
