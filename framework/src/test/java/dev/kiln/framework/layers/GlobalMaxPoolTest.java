package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.Jit;
import dev.kiln.framework.layers.Conv1D.Padding;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

class GlobalMaxPoolTest {
  static final int B = 3;
  static final int D = 2;
  static final int[] LENGTHS = {7, 4, 1};

  @Test
  void paddingNeverWinsAndAnEmptyExampleIsFinite() {
    // every padding value is larger than every real one
    double[][][] x = {
        {{1, -5}, {3, -2}, {100, 100}},
        {{-1, -7}, {100, 100}, {100, 100}},
        {{100, 100}, {100, 100}, {100, 100}}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      try (Result r = s.runner().fetch(GlobalMaxPool.apply(tf, tf.constant(x), tf.constant(new int[] {2, 1, 0}))).run()) {
        assertArrayEquals(new double[] {3, -2, -1, -7, -1e9, -1e9}, TestTensors.doubles((TFloat64) r.get(0)), 0);
      }
    }
  }

  /**
   * Conv then pool over a batch, and over the same batch with garbage padding appended: a multiple
   * of the stride for SAME, any number for VALID and explicit padding.
   */
  @Test
  void appendedGarbagePaddingChangesNothingAfterAStridedConv() {
    for (Padding padding : List.of(Padding.VALID, Padding.SAME, Padding.centered(3), Padding.explicit(2, 0))) {
      for (int stride : new int[] {1, 2, 3}) {
        int t1 = 7;
        int t2 = t1 + (padding == Padding.SAME ? 2 * stride : 2 * stride + 1);
        SplittableRandom r = new SplittableRandom(stride);
        double[] base = TestTensors.random(r, B * t1 * D);
        double[] padded = TestTensors.random(r, B * t2 * D);
        for (int i = 0; i < padded.length; i++) {
          padded[i] += 50; // garbage that would win every max
        }
        for (int b = 0; b < B; b++) {
          System.arraycopy(base, b * t1 * D, padded, b * t2 * D, LENGTHS[b] * D);
        }
        try (Graph g = new Graph()) {
          ParameterStore store = new ParameterStore(g, 2);
          Conv1D<TFloat64> conv = new Conv1D<>(store.scope("conv"), 3, D, 4, stride, padding, TFloat64.class);
          DirectContext ctx = new DirectContext(g);
          Ops tf = ctx.tf();
          Operand<TInt32> lengths = tf.constant(LENGTHS);
          Operand<TInt32> outLengths = conv.outputLengths(tf, lengths);
          Operand<TFloat64> a = GlobalMaxPool.apply(tf,
              conv.apply(ctx, tf.reshape(tf.constant(base), tf.constant(new int[] {B, t1, D})), lengths), outLengths);
          Operand<TFloat64> p = GlobalMaxPool.apply(tf,
              conv.apply(ctx, tf.reshape(tf.constant(padded), tf.constant(new int[] {B, t2, D})), lengths), outLengths);
          try (Session s = new Session(g)) {
            store.initialize(s);
            try (Result res = s.runner().fetch(a).fetch(p).run()) {
              double[] pa = TestTensors.doubles((TFloat64) res.get(0));
              double[] pp = TestTensors.doubles((TFloat64) res.get(1));
              assertArrayEquals(pa, pp, 1e-12, padding + " stride " + stride);
              for (double v : pa) {
                assertTrue(Math.abs(v) < 10 || v == -1e9, padding + " stride " + stride + ": " + v);
              }
            }
          }
        }
      }
    }
  }

  /** Conv1D → GlobalMaxPool → Dense(1): gradients exist for every variable and XLA compiles it. */
  @Test
  void aConvClassifierLearnsUnderBothJits() {
    for (Jit jit : Jit.values()) {
      TinyTraining.Run run = TinyTraining.run(jit, 40, 8, 3, scope -> {
        Conv1D<TFloat32> conv = new Conv1D<>(scope.scope("conv"), 3, 3, 8, 2, Padding.SAME, TFloat32.class);
        Dense<TFloat32> head = new Dense<>(scope.scope("head"), 8, 1, TFloat32.class);
        return (ctx, x, lengths, step) -> {
          Ops tf = ctx.tf();
          Operand<TFloat32> pooled = GlobalMaxPool.apply(tf, tf.nn.relu(conv.apply(ctx, x, lengths)),
              conv.outputLengths(tf, lengths));
          return tf.reshape(head.apply(ctx, pooled), tf.constant(new int[] {-1}));
        };
      });
      float[] losses = run.losses();
      assertTrue(losses[39] < 0.7 * losses[0], jit + ": loss " + losses[0] + " -> " + losses[39]);
      run.maxChange().forEach((name, change) -> assertTrue(change > 1e-3, jit + ": " + name + " did not move"));
      assertEquals(4, run.maxChange().size());
    }
  }
}
