package dev.kiln.framework.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.Jit;
import dev.kiln.framework.layers.Embedding;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Adam with {@link AdamConfig#lazyRows} (optimizer {@code lazy_adam}) against a JVM reference of
 * LazyAdam: an embedding table [5, 2] looked up at three ids per step (repeats included), loss
 * {@code Σ_k Σ_d (A·r²/2 + B·r)} over the looked-up rows r, plus a dense parameter q.
 */
class LazyAdamTest {
  static final int VOCAB = 5;
  static final int DIM = 2;
  static final double[] A = {1.0, 3.0};
  static final double[] B = {0.5, -1.0};
  static final double[] Q0 = {0.25, -0.75};
  /** Step 1 looks row 1 up twice; row 1 is then untouched in step 2; row 0 only in step 3. */
  static final int[][] IDS = {{1, 3, 1}, {2, 2, 4}, {1, 0, 0}};
  static final AdamConfig CONFIG = AdamConfig.defaults().withLearningRate(0.1);
  static final double L2 = 0.01;

  static double[] table0() {
    double[] t = new double[VOCAB * DIM];
    for (int i = 0; i < t.length; i++) {
      t[i] = 0.1 * (i + 1) * (i % 2 == 0 ? 1 : -1);
    }
    return t;
  }

  /** The table after {@code steps} steps of Adam, lazy or exact, in doubles. */
  static double[] reference(int steps, boolean lazy) {
    return reference(steps, lazy, 0);
  }

  /** As above, the penalty {@code l2 · Σ p²} on the table added to the loss. */
  static double[] reference(int steps, boolean lazy, double l2) {
    double[] p = table0();
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    for (int t = 1; t <= steps; t++) {
      double[] g = new double[p.length];
      boolean[] touched = new boolean[VOCAB];
      for (int id : IDS[t - 1]) {
        touched[id] = true;
        for (int d = 0; d < DIM; d++) {
          g[id * DIM + d] += A[d] * p[id * DIM + d] + B[d];
        }
      }
      for (int i = 0; i < p.length; i++) {
        g[i] += 2 * l2 * p[i];
      }
      for (int i = 0; i < p.length; i++) {
        if (lazy && !touched[i / DIM]) {
          continue;
        }
        m[i] = CONFIG.beta1() * m[i] + (1 - CONFIG.beta1()) * g[i];
        v[i] = CONFIG.beta2() * v[i] + (1 - CONFIG.beta2()) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(CONFIG.beta1(), t));
        double vHat = v[i] / (1 - Math.pow(CONFIG.beta2(), t));
        p[i] -= CONFIG.learningRate() * mHat / (Math.sqrt(vHat) + CONFIG.eps());
      }
    }
    return p;
  }

  /** What training returns: the table, its first moment and q, flat. */
  record Trained(float[] table, float[] m, float[] q) {}

  static Trained trained(int steps, boolean lazy, boolean l2OnTable, Jit jit) {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 0);
      Embedding<TFloat32> embedding = new Embedding<>(store.scope("embedding"), VOCAB, DIM,
          TFloat32.class, (shape, r) -> table0());
      Variable<TFloat32> q =
          store.variable("q", TFloat32.class, Shape.of(DIM), (shape, r) -> Q0.clone());
      AdamConfig config = CONFIG.withLazyRows(lazy).withL2(l2OnTable ? L2 : 0);
      Adam adam = new Adam(store.scope("adam"), store.trainable(),
          l2OnTable ? List.of(embedding.table()) : List.of(), config);
      try (CompiledStep step = CompiledStep.build(g, "train", jit, ctx -> {
        Ops tf = ctx.tf();
        Operand<TInt32> ids = ctx.input("ids", TInt32.class, Shape.of(3));
        Operand<TFloat32> rows = embedding.apply(ctx, ids);
        Operand<TFloat32> perRow = tf.math.add(
            tf.math.mul(tf.constant(new float[] {(float) A[0], (float) A[1]}),
                tf.math.div(tf.math.square(rows), tf.constant(2f))),
            tf.math.mul(tf.constant(new float[] {(float) B[0], (float) B[1]}), rows));
        Operand<TFloat32> loss = tf.math.add(tf.reduceSum(perRow, tf.constant(new int[] {0, 1})),
            tf.reduceSum(tf.math.square(ctx.read(q)), tf.constant(0)));
        ctx.output("loss", adam.minimize(ctx, loss));
      }); Session s = new Session(g)) {
        store.initialize(s);
        for (int i = 0; i < steps; i++) {
          try (TInt32 ids = TInt32.vectorOf(IDS[i])) {
            step.run(s, Map.of("ids", ids)).close();
          }
        }
        Ops tf = Ops.create(g);
        Variable<?> m = store.all().stream()
            .filter(x -> x.name().equals("adam/embedding/table/m")).findFirst().orElseThrow();
        try (Result r = s.runner()
            .fetch(tf.readVariableOp(embedding.table().handle(), TFloat32.class))
            .fetch(tf.readVariableOp(m.handle(), TFloat32.class))
            .fetch(tf.readVariableOp(q.handle(), TFloat32.class)).run()) {
          return new Trained(flat((TFloat32) r.get(0)), flat((TFloat32) r.get(1)),
              flat((TFloat32) r.get(2)));
        }
      }
    }
  }

  static float[] flat(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.asRawTensor().data().asFloats().read(out);
    return out;
  }

  static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 2e-6, what + "[" + i + "]");
    }
  }

  @Test
  void lazyRowsMatchLazyAdamReferenceInBothModes() {
    double[] expected = reference(3, true);
    Trained none = trained(3, true, false, Jit.NONE);
    Trained xla = trained(3, true, false, Jit.XLA);
    assertClose(expected, none.table(), "none table");
    assertClose(expected, xla.table(), "xla table");
    // Row 1 was looked up twice in step 1: its gradient is the sum, written once.
    double[] exact = reference(3, false);
    assertTrue(Math.abs(exact[2] - expected[2]) > 1e-3,
        "the exact rule moves row 1 in step 2, the lazy one does not");
  }

  @Test
  void untouchedRowsKeepValuesAndMoments() {
    Trained lazy = trained(2, true, false, Jit.NONE);
    double[] start = table0();
    // Row 0 is first looked up in step 3: after 2 steps it and its moments are as initialised.
    assertEquals((float) start[0], lazy.table()[0]);
    assertEquals((float) start[1], lazy.table()[1]);
    assertArrayEquals(new float[] {0f, 0f}, new float[] {lazy.m()[0], lazy.m()[1]});
    // The exact rule leaves row 0 alone too (zero gradient, zero moments) but not row 1 in step 2.
    Trained exact = trained(2, false, false, Jit.NONE);
    assertEquals((float) start[0], exact.table()[0]);
    assertClose(reference(2, false), exact.table(), "exact table");
    assertTrue(Math.abs(exact.m()[2] - lazy.m()[2]) > 1e-3, "row 1's moment decays only when exact");
  }

  @Test
  void firstStepEqualsExactAdamAndDenseParametersAreUnchanged() {
    Trained lazy = trained(3, true, false, Jit.NONE);
    Trained exact = trained(3, false, false, Jit.NONE);
    assertArrayEquals(exact.q(), lazy.q(), "q is updated whole either way");
    assertClose(reference(1, false), trained(1, true, false, Jit.NONE).table(), "step 1");
  }

  @Test
  void anL2PenalisedTableIsUpdatedWhole() {
    // The penalty reads the whole table, so lazy_adam leaves it to the exact rule.
    assertClose(reference(3, false, L2), trained(3, true, true, Jit.NONE).table(),
        "penalised table");
  }
}
