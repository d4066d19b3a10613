package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.framework.optim.Gradients;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

class SparseDenseTest {
  // Three rows over 5 features, width 3: row 0 = {1: 0.5, 3: 2}, row 1 = {} (all padding),
  // row 2 = {0: -1, 2: 1, 4: 3}. Padding pairs are (0, 0).
  static final int[][] IDS = {{1, 3, 0}, {0, 0, 0}, {0, 2, 4}};
  static final double[][] VALUES = {{0.5, 2, 0}, {0, 0, 0}, {-1, 1, 3}};
  static final double[][] DENSE = {{0, 0.5, 0, 2, 0}, {0, 0, 0, 0, 0}, {-1, 0, 1, 0, 3}};

  @Test
  void equalsTheDenseProductAndItsGradientsDo() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      ParameterStore store = new ParameterStore(g, 3);
      SparseDense<TFloat64> layer = new SparseDense<>(store.scope("layer"), 5, 2, TFloat64.class,
          Initializers.normal(1.0), Initializers.normal(1.0));
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TFloat64> kernel = ctx.read(layer.kernel());
      Operand<TFloat64> bias = ctx.read(layer.bias().orElseThrow());
      Operand<TFloat64> y = layer.apply(ctx, tf.constant(IDS), tf.constant(VALUES));
      // loss = Σ c·y with c = [[1, 2], [3, 4], [5, 6]]: d loss / d kernel = DENSEᵀ · c.
      double[][] c = {{1, 2}, {3, 4}, {5, 6}};
      Operand<TFloat64> loss = tf.reduceSum(tf.math.mul(y, tf.constant(c)),
          tf.constant(new int[] {0, 1}));
      List<Operand<?>> grads = Gradients.of(tf, g, loss, List.of(kernel, bias));
      store.initialize(s);
      try (Result r = s.runner().fetch(y).fetch(kernel).fetch(bias)
          .fetch(grads.get(0)).fetch(grads.get(1)).run()) {
        double[] k = TestTensors.doubles((TFloat64) r.get(1));
        double[] b = TestTensors.doubles((TFloat64) r.get(2));
        double[] expected = new double[3 * 2];
        double[] kernelGrad = new double[5 * 2];
        for (int row = 0; row < 3; row++) {
          for (int out = 0; out < 2; out++) {
            expected[row * 2 + out] = b[out];
            for (int in = 0; in < 5; in++) {
              expected[row * 2 + out] += DENSE[row][in] * k[in * 2 + out];
              kernelGrad[in * 2 + out] += DENSE[row][in] * c[row][out];
            }
          }
        }
        assertArrayEquals(expected, TestTensors.doubles((TFloat64) r.get(0)), 1e-12);
        assertArrayEquals(kernelGrad, TestTensors.doubles((TFloat64) r.get(3)), 1e-12);
        assertArrayEquals(new double[] {1 + 3 + 5, 2 + 4 + 6},
            TestTensors.doubles((TFloat64) r.get(4)), 1e-12);
      }
    }
  }
}
