package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.ChildJvm;
import java.util.List;
import java.util.Map;
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
    String out = ChildJvm.run(LegacyRuntimeProbe.class,
        Map.of("XLA_FLAGS", "--xla_cpu_use_thunk_runtime=false", "TF_ENABLE_ONEDNN_OPTS", "1"));
    assertTrue(out.contains("legacy=true"), out);
    List<Float> none = losses(out, "NONE");
    List<Float> xla = losses(out, "XLA");
    assertEquals(2, none.size(), out);
    assertEquals(2, xla.size(), out);
    for (int i = 0; i < 2; i++) {
      assertEquals(none.get(i), xla.get(i), 1e-5 * Math.abs(none.get(i)), "step " + i);
    }
  }

  private static List<Float> losses(String out, String jit) {
    return Pattern.compile("^" + jit + " loss=(\\S+)$", Pattern.MULTILINE).matcher(out).results()
        .map(m -> Float.parseFloat(m.group(1))).toList();
  }
}
