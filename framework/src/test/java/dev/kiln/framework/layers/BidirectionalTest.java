package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.Jit;
import dev.kiln.framework.optim.Sgd;
import dev.kiln.framework.optim.SgdConfig;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class BidirectionalTest {
  static final int B = 3;
  static final int D = 4;
  static final int H = 5;
  static final int[] LENGTHS = {2, 5, 3};

  private static Operand<TFloat32> input(Ops tf, double[] values, int time) {
    return tf.dtypes.cast(tf.reshape(tf.constant(values), tf.constant(new int[] {B, time, D})),
        TFloat32.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rnn", "gru", "lstm"})
  void appendedPaddingChangesNoRealPositionInEitherDirection(String cell) {
    int t1 = 5;
    int t2 = 8;
    SplittableRandom r = new SplittableRandom(5);
    double[] base = TestTensors.random(r, B * t1 * D);
    double[] padded = TestTensors.random(r, B * t2 * D); // garbage in the padding
    for (int b = 0; b < B; b++) {
      System.arraycopy(base, b * t1 * D, padded, b * t2 * D, t1 * D);
    }
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      Bidirectional<TFloat32> bilstm =
          new Bidirectional<>(cell, store.scope("bilstm"), D, H, TFloat32.class);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TInt32> lengths = tf.constant(LENGTHS);
      Operand<TFloat32> a = bilstm.apply(ctx, input(tf, base, t1), lengths);
      Operand<TFloat32> p = bilstm.apply(ctx, input(tf, padded, t2), lengths);
      assertEquals(Shape.of(B, t1, 2 * H), a.shape());
      try (Session s = new Session(g)) {
        store.initialize(s);
        try (Result res = s.runner().fetch(a).fetch(p).run()) {
          float[] sa = TestTensors.floats(res, 0);
          float[] sp = TestTensors.floats(res, 1);
          for (int b = 0; b < B; b++) {
            for (int t = 0; t < t1; t++) {
              for (int k = 0; k < 2 * H; k++) {
                float va = sa[(b * t1 + t) * 2 * H + k];
                float vp = sp[(b * t2 + t) * 2 * H + k];
                if (t < LENGTHS[b]) {
                  assertEquals(va, vp, 1e-6f, "b" + b + " t" + t + " k" + k);
                  assertTrue(va != 0f, "a real position has output");
                } else {
                  assertEquals(0f, va, 0f, "padding outputs are zero");
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void eachDirectionKeepsTheCellsOwnVariableNames() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      Bidirectional<TFloat32> bigru =
          new Bidirectional<>("gru", store.scope("bilstm"), D, H, TFloat32.class);
      Bidirectional<TFloat32> bilstm =
          new Bidirectional<>("lstm", store.scope("enc"), D, H, TFloat32.class);
      // An LSTM's names are those BidirectionalLstm gave them, so older checkpoints still load.
      assertEquals(List.of("enc/forward/input_kernel", "enc/forward/recurrent_kernel",
              "enc/forward/bias", "enc/backward/input_kernel", "enc/backward/recurrent_kernel",
              "enc/backward/bias"),
          bilstm.variables().stream().map(v -> v.name()).toList());
      assertTrue(bigru.variables().stream().allMatch(v -> v.name().startsWith("bilstm/")));
      assertEquals(2 * H, bigru.outputSize());
    }
  }

  @Test
  void theBackwardOutputAtTheFirstTokenHasReadTheWholeSentence() {
    // Changing the last real token changes the backward output at position 0, but not the
    // forward output there; changing a padding position changes nothing.
    double[] x = TestTensors.random(new SplittableRandom(9), B * 5 * D);
    double[] lastTokenChanged = x.clone();
    lastTokenChanged[(0 * 5 + 1) * D] += 1.0; // example 0 has length 2: its last token is t=1
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      Bidirectional<TFloat32> bilstm =
          new Bidirectional<>("lstm", store.scope("bilstm"), D, H, TFloat32.class);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TInt32> lengths = tf.constant(LENGTHS);
      try (Session s = new Session(g)) {
        store.initialize(s);
        try (Result res = s.runner().fetch(bilstm.apply(ctx, input(tf, x, 5), lengths))
            .fetch(bilstm.apply(ctx, input(tf, lastTokenChanged, 5), lengths)).run()) {
          float[] before = TestTensors.floats(res, 0);
          float[] after = TestTensors.floats(res, 1);
          for (int k = 0; k < H; k++) {
            assertEquals(before[k], after[k], "forward output at t=0 is unaffected");
          }
          double backwardChange = 0;
          for (int k = H; k < 2 * H; k++) {
            backwardChange += Math.abs(before[k] - after[k]);
          }
          assertTrue(backwardChange > 1e-3, "backward output at t=0 changed by " + backwardChange);
        }
      }
    }
  }

  @Test
  void gradientsFlowThroughBothDirectionsUnderXla() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      Bidirectional<TFloat32> bilstm =
          new Bidirectional<>("lstm", store.scope("bilstm"), D, H, TFloat32.class);
      Sgd sgd = new Sgd(store.scope("sgd"), store.trainable(), List.of(),
          new SgdConfig(0.1, 0.9, 0, 0, 0));
      double[] x = TestTensors.random(new SplittableRandom(2), B * 5 * D);
      try (CompiledStep step = CompiledStep.build(g, "train", Jit.XLA, ctx -> {
            Ops tf = ctx.tf();
            Operand<TFloat32> out = bilstm.apply(ctx, input(tf, x, 5), tf.constant(LENGTHS));
            Operand<TFloat32> loss =
                tf.reduceSum(tf.math.square(out), tf.constant(new int[] {0, 1, 2}));
            ctx.output("loss", sgd.minimize(ctx, loss));
          });
          Session s = new Session(g)) {
        store.initialize(s);
        float first;
        try (Result r = step.run(s, Map.of())) {
          first = ((TFloat32) r.get(0)).getFloat();
        }
        float later = first;
        for (int i = 0; i < 5; i++) {
          try (Result r = step.run(s, Map.of())) {
            later = ((TFloat32) r.get(0)).getFloat();
          }
        }
        assertTrue(later < first, "loss " + first + " -> " + later);
      }
    }
  }
}
