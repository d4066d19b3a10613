package dev.kiln.framework.xla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.Jit;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.step.CompiledStep;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class XlaCompileErrorTest {
  /** StatelessRandomUniform with int64 seeds has no XLA CPU kernel (framework/XLA_NOTES.md). */
  @Test
  void namesTheOpXlaCannotCompile() {
    try (Graph g = new Graph();
        CompiledStep step = CompiledStep.build(g, "random_step", Jit.XLA, ctx -> {
          var seed = ctx.input("seed", TInt64.class, Shape.of(2));
          ctx.output("r", ctx.tf().random.statelessRandomUniform(
              ctx.tf().constant(new int[] {3}), seed, TFloat32.class));
        });
        Session s = new Session(g)) {
      RuntimeException e = assertThrows(RuntimeException.class, () -> {
        try (TInt64 seed = TInt64.vectorOf(1, 2); Result r = step.run(s, Map.of("seed", seed))) {
          r.get(0);
        }
      });
      assertTrue(XlaCompileError.isTensorFlowError(e), e.getClass().getName());
      ConfigException error = XlaCompileError.of(step.name(), e);
      assertEquals("step random_step cannot be compiled by XLA (XLA_CPU_JIT): no XLA kernel for"
          + " op StatelessRandomUniform", error.getMessage());
    }
  }

  @Test
  void anyOtherFailureKeepsItsFirstLine() {
    TensorFlowException e = new TensorFlowException("Out of memory\n\tdetails...") {};
    assertEquals("step s failed under XLA: Out of memory", XlaCompileError.of("s", e).getMessage());
  }
}
