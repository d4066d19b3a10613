package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kiln.framework.Jit;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Under XLA's legacy CPU runtime a recurrent layer reads its kernel once per group of 16 steps,
 * each group after the first through an exact identity matmul; otherwise it reads it as it is.
 */
class RecurrentKernelGroupsTest {
  static final int N = 4;
  static final int WIDTH = 8;

  /** The kernel operands steps 0..time-1 get, the last step's value and the kernel's. */
  record Seen(List<Operand<TFloat32>> perStep, float[] last, float[] kernel) {}

  static Seen seen(Jit jit, int time, boolean legacy) {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      Variable<TFloat32> w = store.variable("w", TFloat32.class, Shape.of(N, WIDTH),
          (shape, r) -> {
            double[] v = new double[N * WIDTH];
            for (int i = 0; i < v.length; i++) {
              v[i] = (i - 13) / 7.0;
            }
            return v;
          });
      List<Operand<TFloat32>> perStep = new ArrayList<>();
      try (CompiledStep step = CompiledStep.build(g, "groups", jit, ctx -> {
        Operand<TFloat32> kernel = ctx.read(w);
        RecurrentKernelGroups<TFloat32> groups = new RecurrentKernelGroups<>(ctx, kernel, time, legacy);
        for (int t = 0; t < time; t++) {
          perStep.add(groups.at(t));
        }
        ctx.output("last", perStep.get(time - 1));
        ctx.output("kernel", kernel);
      }); Session s = new Session(g)) {
        store.initialize(s);
        try (Result r = step.run(s, Map.of())) {
          return new Seen(perStep, flat((TFloat32) r.get(0)), flat((TFloat32) r.get(1)));
        }
      }
    }
  }

  static float[] flat(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  static int distinct(List<Operand<TFloat32>> operands) {
    Set<Operand<TFloat32>> set = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(operands);
    return set.size();
  }

  @Test
  void legacyRuntimeReadsTheKernelOncePerGroupOfSixteenExactly() {
    Seen grouped = seen(Jit.XLA, 40, true);
    assertEquals(3, distinct(grouped.perStep()), "steps 0-15, 16-31, 32-39");
    assertSame(grouped.perStep().get(0), grouped.perStep().get(15));
    assertSame(grouped.perStep().get(16), grouped.perStep().get(31));
    assertArrayEquals(grouped.kernel(), grouped.last(), "I · W is W, to the bit");
  }

  @Test
  void otherwiseEveryStepReadsTheKernelItself() {
    assertEquals(1, distinct(seen(Jit.XLA, 40, false).perStep()), "thunk runtime");
    assertEquals(1, distinct(seen(Jit.NONE, 40, true).perStep()), "no XLA");
    assertEquals(1, distinct(seen(Jit.XLA, 16, true).perStep()), "16 steps or fewer");
  }
}
