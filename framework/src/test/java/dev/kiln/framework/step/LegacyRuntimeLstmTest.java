package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 48-step LSTM trains under XLA's legacy CPU runtime ({@code
 * XLA_FLAGS=--xla_cpu_use_thunk_runtime=false}, read when the native library loads, hence a child
 * JVM): without {@code RecurrentKernelGroups} the recurrent kernel's gradient became one oneDNN
 * matmul with 47 fused additions, over oneDNN's 32, and the JVM aborted ("could not append a
 * binary post-op"). Its losses match the executor's.
 */
class LegacyRuntimeLstmTest {
  @Test
  void aLongLstmTrainsUnderTheLegacyRuntimeAsWithoutXla() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LegacyRuntimeProbe.class.getName());
    pb.environment().put("XLA_FLAGS", "--xla_cpu_use_thunk_runtime=false");
    pb.environment().put("TF_ENABLE_ONEDNN_OPTS", "1");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    try {
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
      assertTrue(out.contains("legacy=true"), out);
      List<Float> none = losses(out, "NONE");
      List<Float> xla = losses(out, "XLA");
      assertEquals(2, none.size(), out);
      assertEquals(2, xla.size(), out);
      for (int i = 0; i < 2; i++) {
        assertEquals(none.get(i), xla.get(i), 1e-5 * Math.abs(none.get(i)), "step " + i);
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private static List<Float> losses(String out, String jit) {
    return Pattern.compile("^" + jit + " loss=(\\S+)$", Pattern.MULTILINE).matcher(out).results()
        .map(m -> Float.parseFloat(m.group(1))).toList();
  }
}
