package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

class Conv1DTest {
  static final int B = 3;
  static final int IN = 2;
  static final int OUT = 3;

  static final List<Padding> PADDINGS =
      List.of(Padding.VALID, Padding.SAME, Padding.explicit(1, 1), Padding.explicit(2, 0), Padding.explicit(0, 3));

  /** The output time size for a batch of {@code time} steps. */
  static int outTime(int time, int width, int stride, Padding padding) {
    return padding == Padding.SAME ? (time + stride - 1) / stride
        : (time + padding.front() + padding.back() - width) / stride + 1;
  }

  /**
   * TF's definition, written out: zero outside [0, min(time, length)), front padding ⌊total/2⌋ for
   * SAME, the given front padding for explicit.
   */
  static double[] reference(double[] x, int[] lengths, int time, double[] kernel, double[] bias,
      int width, int stride, Padding padding) {
    int outTime = outTime(time, width, stride, padding);
    int front = padding == Padding.SAME ? Math.max((outTime - 1) * stride + width - time, 0) / 2 : padding.front();
    double[] y = new double[B * outTime * OUT];
    for (int b = 0; b < B; b++) {
      for (int j = 0; j < outTime; j++) {
        for (int o = 0; o < OUT; o++) {
          double sum = bias[o];
          for (int k = 0; k < width; k++) {
            int t = j * stride - front + k;
            if (t >= 0 && t < time && t < lengths[b]) {
              for (int c = 0; c < IN; c++) {
                sum += x[(b * time + t) * IN + c] * kernel[(k * IN + c) * OUT + o];
              }
            }
          }
          y[(b * outTime + j) * OUT + o] = sum;
        }
      }
    }
    return y;
  }

  @Test
  void matchesTheDefinitionForEveryPaddingAndSeveralStridesAndWidths() {
    int time = 9;
    int[] lengths = {9, 5, 1};
    SplittableRandom r = new SplittableRandom(1);
    double[] x = TestTensors.random(r, B * time * IN);
    for (Padding padding : PADDINGS) {
      for (int width : new int[] {1, 2, 3, 4}) {
        for (int stride : new int[] {1, 2, 3}) {
          String config = padding + " width " + width + " stride " + stride;
          double[] kernel = TestTensors.random(r, width * IN * OUT);
          double[] bias = TestTensors.random(r, OUT);
          try (Graph g = new Graph()) {
            ParameterStore store = new ParameterStore(g, 1);
            Conv1D<TFloat64> conv = new Conv1D<>(store.scope("conv"), width, IN, OUT, stride, padding, TFloat64.class);
            DirectContext ctx = new DirectContext(g);
            Ops tf = ctx.tf();
            Operand<TFloat64> y = conv.apply(ctx,
                tf.reshape(tf.constant(x), tf.constant(new int[] {B, time, IN})), tf.constant(lengths));
            long outTime = outTime(time, width, stride, padding);
            assertEquals(Shape.of(B, outTime, OUT), y.shape(), config + ": static shape");
            try (Session s = new Session(g);
                TFloat64 k = TFloat64.tensorOf(Shape.of(width, IN, OUT), org.tensorflow.ndarray.buffer.DataBuffers.of(kernel, true, false));
                TFloat64 bb = TFloat64.vectorOf(bias)) {
              store.initialize(s);
              try (Result res = s.runner().feed(ctx.read(conv.variables().get(0)), k)
                  .feed(ctx.read(conv.variables().get(1)), bb).fetch(y).run()) {
                assertEquals(Shape.of(B, outTime, OUT), res.get(0).shape(), config);
                assertArrayEquals(reference(x, lengths, time, kernel, bias, width, stride, padding),
                    TestTensors.doubles((TFloat64) res.get(0)), 1e-12, config);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aTinyConvolutionByHand() {
    // one example, one channel in and out, kernel [1, 10], bias 100, VALID, stride 2
    // x = 1 2 3 4 5 → windows (1,2), (3,4) → 1 + 20 + 100, 3 + 40 + 100
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      Conv1D<TFloat64> conv = new Conv1D<>(store.scope("conv"), 2, 1, 1, 2, Padding.VALID, TFloat64.class);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TFloat64> y = conv.apply(ctx, tf.constant(new double[][][] {{{1}, {2}, {3}, {4}, {5}}}),
          tf.constant(new int[] {5}));
      try (Session s = new Session(g);
          TFloat64 k = TFloat64.tensorOf(Shape.of(2, 1, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(new double[] {1, 10}, true, false));
          TFloat64 bias = TFloat64.vectorOf(100)) {
        store.initialize(s);
        try (Result res = s.runner().feed(ctx.read(conv.variables().get(0)), k)
            .feed(ctx.read(conv.variables().get(1)), bias).fetch(y).run()) {
          assertArrayEquals(new double[] {121, 143}, TestTensors.doubles((TFloat64) res.get(0)), 0);
        }
      }
    }
  }

  /**
   * Conv2D's input gradient is right, through the length mask and explicit padding's Pad too (the
   * filter's trains in GlobalMaxPoolTest).
   */
  @Test
  void inputGradientMatchesFiniteDifferencesInFloat64() {
    int time = 7;
    SplittableRandom r = new SplittableRandom(3);
    double[] x = TestTensors.random(r, B * time * IN);
    for (Padding padding : List.of(Padding.SAME, Padding.explicit(2, 1))) {
      try (Graph g = new Graph()) {
        ParameterStore store = new ParameterStore(g, 4);
        Conv1D<TFloat64> conv = new Conv1D<>(store.scope("conv"), 3, IN, OUT, 2, padding, TFloat64.class);
        DirectContext ctx = new DirectContext(g);
        Ops tf = ctx.tf();
        Operand<TFloat64> input = tf.reshape(tf.constant(x), tf.constant(new int[] {B, time, IN}));
        Operand<TFloat64> y = conv.apply(ctx, input, tf.constant(new int[] {7, 4, 1}));
        Operand<TFloat64> loss = tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] {0, 1, 2}));
        try (Session s = new Session(g)) {
          store.initialize(s);
          FiniteDifferences.assertInputGradient(g, s, loss, input, Shape.of(B, time, IN), x);
        }
      }
    }
  }

  /** Explicit padding by hand: x = 1 2 3, front 1, back 2 → 0 1 2 3 0 0, width 2, stride 2. */
  @Test
  void explicitPaddingByHand() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      Conv1D<TFloat64> conv =
          new Conv1D<>(store.scope("conv"), 2, 1, 1, 2, Padding.explicit(1, 2), TFloat64.class);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      // the 4th step is padding (length 3): read as zero
      Operand<TFloat64> y = conv.apply(ctx, tf.constant(new double[][][] {{{1}, {2}, {3}, {9}}}),
          tf.constant(new int[] {3}));
      Operand<TInt32> outLength = conv.outputLengths(tf, tf.constant(new int[] {3}));
      try (Session s = new Session(g);
          TFloat64 k = TFloat64.tensorOf(Shape.of(2, 1, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(new double[] {1, 10}, true, false));
          TFloat64 bias = TFloat64.vectorOf(100)) {
        store.initialize(s);
        try (Result res = s.runner().feed(ctx.read(conv.variables().get(0)), k)
            .feed(ctx.read(conv.variables().get(1)), bias).fetch(y).fetch(outLength).run()) {
          // windows (0, 1), (2, 3), (0, 0) of 0 1 2 3 0 0 0 → 110, 132, 100; the example alone
          // (0 1 2 3 0 0) has ⌊(3 + 3 − 2)/2⌋ + 1 = 3 outputs
          assertArrayEquals(new double[] {110, 132, 100}, TestTensors.doubles((TFloat64) res.get(0)), 0);
          assertEquals(3, ((TInt32) res.get(1)).getInt(0));
        }
      }
    }
  }

  @Test
  void centeredPaddingSplitsWidthMinusOne() {
    assertEquals(Padding.explicit(3, 3), Padding.centered(7));
    assertEquals(Padding.explicit(1, 2), Padding.centered(4));
    assertEquals(Padding.explicit(0, 0), Padding.centered(1));
  }

  @Test
  void outputLengthsFollowTheStride() {
    int[] lengths = {0, 1, 2, 3, 4, 5, 6, 7};
    for (Padding padding : PADDINGS) {
      for (int width : new int[] {1, 3}) {
        for (int stride : new int[] {1, 2, 3}) {
          try (Graph g = new Graph()) {
            Conv1D<TFloat64> conv = new Conv1D<>(new ParameterStore(g, 1).scope("conv"), width, IN, OUT, stride, padding,
                TFloat64.class);
            Ops tf = Ops.create(g);
            Operand<TInt32> out = conv.outputLengths(tf, tf.constant(lengths));
            try (Session s = new Session(g); Result res = s.runner().fetch(out).run()) {
              TInt32 t = (TInt32) res.get(0);
              for (int i = 0; i < lengths.length; i++) {
                int len = lengths[i];
                int padded = len + padding.front() + padding.back();
                int expected = padding == Padding.SAME ? (int) Math.ceil(len / (double) stride)
                    : Math.max((int) Math.floor((padded - width) / (double) stride) + 1, 0);
                assertEquals(expected, t.getInt(i), padding + " width " + width + " stride " + stride + " length " + len);
              }
            }
          }
        }
      }
    }
  }
}
