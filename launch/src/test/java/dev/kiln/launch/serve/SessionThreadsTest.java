package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/** The session's thread pools (--tensorflow-intra/inter-op-parallelism). */
class SessionThreadsTest {
  @TempDir Path dir;

  @Test
  void theConfigAsksForThePools() {
    ConfigProto config = new SessionThreads(1, -1).configProto();
    assertEquals(1, config.getIntraOpParallelismThreads());
    assertEquals(-1, config.getInterOpParallelismThreads());
    ConfigProto defaults = SessionThreads.TENSORFLOW_DEFAULTS.configProto();
    assertEquals(0, defaults.getIntraOpParallelismThreads());
    assertEquals(0, defaults.getInterOpParallelismThreads());
    // The rest is what training sessions get: Grappler's RAM-dependent memory rewrite off.
    assertEquals(RewriterConfig.MemOptType.NO_MEM_OPT,
        defaults.getGraphOptions().getRewriteOptions().getMemoryOptimization());
    assertThrows(IllegalArgumentException.class, () -> new SessionThreads(-1, 0));
  }

  @Test
  void opsOnTheCallingThreadAnswerAsTensorFlowsDefaultPoolsDo() throws Exception {
    TestSavedModels.export(dir.resolve("1"), 0.5f);
    byte[][] texts = {"a good one".getBytes(StandardCharsets.UTF_8),
        "bad".getBytes(StandardCharsets.UTF_8)};
    Map<String, TensorValue> inputs = Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {2}, texts));
    try (SavedModelServable pooled = SavedModelServable.load(dir.resolve("1"));
        SavedModelServable inline = SavedModelServable.load(dir.resolve("1"),
            new SessionThreads(1, -1))) {
      Map<String, TensorValue> expected = pooled.predict("serving_default", inputs);
      Map<String, TensorValue> actual = inline.predict("serving_default", inputs);
      float[] probabilities = (float[]) expected.get("probabilities").elements();
      assertEquals(2, expected.get("probabilities").shape()[0]);
      assertArrayEquals(probabilities, (float[]) actual.get("probabilities").elements());
      assertArrayEquals((byte[][]) expected.get("label").elements(),
          (byte[][]) actual.get("label").elements());
    }
  }
}
