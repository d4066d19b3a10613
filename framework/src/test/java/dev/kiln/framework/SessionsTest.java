package dev.kiln.framework;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.layers.RecurrentLayer;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.variables.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The session configuration Kiln uses for each jit. */
class SessionsTest {
  @Test
  void underXlaTheGraphOptimizerIsOffAndOtherwiseLeftAtTensorFlowsDefault() {
    ConfigProto xla = Sessions.config(2, 1, Jit.XLA);
    assertTrue(xla.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
    assertEquals(2, xla.getIntraOpParallelismThreads());
    assertEquals(1, xla.getInterOpParallelismThreads());
    ConfigProto none = Sessions.config(2, 1, Jit.NONE);
    assertFalse(none.hasGraphOptions());
    assertEquals(2, none.getIntraOpParallelismThreads());
  }

  /** Bit for bit: the graph optimizer never changed what XLA compiles. */
  @Test
  void anXlaStepComputesTheSameInAnXlaSessionAsInADefaultOne() {
    int batch = 3;
    int time = 4;
    int in = 4;
    float[] x = new float[batch * time * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.7 * i);
    }
    List<float[]> outputs = new ArrayList<>();
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 5);
      RecurrentLayer<TFloat32> lstm = RecurrentLayer.create("lstm", store, in, 5, TFloat32.class);
      try (CompiledStep step = CompiledStep.build(g, "apply", Jit.XLA, ctx ->
              ctx.output("sequence", lstm.apply(ctx,
                  ctx.input("x", TFloat32.class, Shape.of(batch, time, in)),
                  ctx.input("lengths", TInt32.class, Shape.of(batch))).sequence()));
          TFloat32 input = TFloat32.tensorOf(Shape.of(batch, time, in),
              DataBuffers.of(x, true, false));
          TInt32 lengths = TInt32.vectorOf(4, 2, 3)) {
        for (Jit sessionJit : Jit.values()) {
          try (Session s = Sessions.create(g, 1, 1, sessionJit)) {
            store.initialize(s);
            try (Result r = step.run(s, Map.of("x", input, "lengths", lengths))) {
              TFloat32 out = (TFloat32) r.get(0);
              float[] values = new float[(int) out.size()];
              out.asRawTensor().data().asFloats().read(values);
              outputs.add(values);
            }
          }
        }
      }
    }
    assertTrue(outputs.get(0)[0] != 0f, "the step computed something");
    assertArrayEquals(outputs.get(0), outputs.get(1));
  }
}
