package dev.kiln.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe's {@code main} in a child JVM on this test's class path, for what must be set
 * before TensorFlow's native library loads ({@code XLA_FLAGS}): waits at most 300 s, kills the
 * child in any case, and fails the test unless it exits 0.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** @return the child's standard output and error, interleaved */
  public static String run(Class<?> main, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.environment().putAll(env);
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
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), main.getSimpleName() + " timed out");
      String out = output.get(10, TimeUnit.SECONDS);
      assertEquals(0, p.exitValue(), main.getSimpleName() + " failed:\n" + out);
      return out;
    } finally {
      p.destroyForcibly();
    }
  }
}
