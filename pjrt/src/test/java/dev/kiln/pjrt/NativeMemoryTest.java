package dev.kiln.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many chained steps free every native object: the test double's count of live objects is the
 * same after each step, and the process's resident memory does not grow with the steps.
 */
@Timeout(120)
class NativeMemoryTest {
  private static final int ELEMENTS = 16_384; // 64 KB per array: a leak of one per step shows

  @Test
  void nativeMemoryIsFlatOverManySteps() throws IOException {
    PjrtPlugin plugin = TestDouble.plugin();
    long atStart = TestDouble.liveObjects(plugin);
    try (PjrtClient client = plugin.createClient();
        PjrtExecutable step = client.compile("kiln_step 1 1".getBytes(StandardCharsets.US_ASCII),
            "hlo", CompileOptions.singleDevice())) {
      PjrtDevice device = client.devices().get(0);
      PjrtBuffer variable = client.toDevice(HostArray.ofFloats(new float[ELEMENTS], ELEMENTS), device);
      float[] batch = new float[ELEMENTS];
      variable = run(client, device, step, variable, batch, 2_000);
      long objects = TestDouble.liveObjects(plugin);
      long rss = residentKb();
      variable = run(client, device, step, variable, batch, 10_000);
      long grownKb = residentKb() - rss;
      assertEquals(objects, TestDouble.liveObjects(plugin), "live native objects after 10,000 steps");
      // A leaked 64 KB array per step would be 640 MB; allow the JVM's own heap some slack.
      assertTrue(grownKb < 64 * 1024, "resident memory grew by " + grownKb + " KB");
      assertEquals(12_000f, variable.toHost().floats()[0], "every step added 1 to the variable");
      variable.close();
    }
    assertEquals(atStart, TestDouble.liveObjects(plugin), "everything freed once closed");
  }

  /** {@code steps} steps: batch in, the variable donated and replaced, the loss sum out. */
  private static PjrtBuffer run(PjrtClient client, PjrtDevice device, PjrtExecutable step,
      PjrtBuffer variable, float[] batch, int steps) {
    for (int i = 0; i < steps; i++) {
      try (PjrtBuffer input = client.toDevice(HostArray.ofFloats(batch, ELEMENTS), device)) {
        List<PjrtBuffer> out = step.execute(List.of(input, variable), java.util.Set.of(0));
        variable.close();
        variable = out.get(3);
        for (int o = 0; o < 3; o++) {
          if (o == 0) {
            out.get(o).toHost();
          }
          out.get(o).close();
        }
      }
    }
    return variable;
  }

  private static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
