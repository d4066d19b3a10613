package dev.kiln.framework.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.layers.FeedForward.Activation;
import dev.kiln.framework.layers.TransformerEncoder.Positions;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class TransformerEncoderTest {
  static final int VOCAB = 30;
  static final int D = 8;
  static final int B = 3;
  static final int[] LENGTHS = {5, 2, 4};

  static TransformerEncoder.Spec spec(Positions positions, int layers) {
    return new TransformerEncoder.Spec(VOCAB, 12, D, 2, 16, layers, 0.1, 0.1, positions,
        Activation.GELU);
  }

  @Test
  void namesItsVariablesAsAPretrainedEncoderIsLoadedByName() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      var encoder = new TransformerEncoder<>(store.scope("encoder"), spec(Positions.LEARNED, 2), 10,
          TFloat32.class);
      List<Variable<TFloat32>> variables = encoder.variables();
      assertEquals(1 + 1 + 2 * 16 + 2, variables.size());
      assertEquals("encoder/token_embedding/table", variables.get(0).name());
      assertEquals(Shape.of(VOCAB, D), variables.get(0).shape());
      assertEquals("encoder/position_embedding/table", variables.get(1).name());
      assertEquals(Shape.of(12, D), variables.get(1).shape());
      assertEquals("encoder/block_0/attention_norm/scale", variables.get(2).name());
      assertEquals("encoder/block_1/feed_forward/outer/bias", variables.get(33).name());
      assertEquals("encoder/final_norm/bias", variables.get(35).name());
      assertEquals(store.all(), List.copyOf(variables), "every variable of the store, in order");
      assertEquals(encoder.tokenTable(), variables.get(0));

      ParameterStore other = new ParameterStore(g, 1);
      var sinusoidal = new TransformerEncoder<>(other.scope("enc2"), spec(Positions.SINUSOIDAL, 1),
          10, TFloat32.class);
      assertTrue(sinusoidal.positionTable().isEmpty());
      assertEquals(1 + 16 + 2, sinusoidal.variables().size());
    }
  }

  /** Random ids in the padding, and more padding, change no output at a real position. */
  @Test
  void ignoresPaddingWithEitherPositions() {
    for (Positions positions : Positions.values()) {
      SplittableRandom r = new SplittableRandom(3);
      int t1 = 5;
      int t2 = 9;
      int[] short_ = new int[B * t1];
      int[] long_ = new int[B * t2];
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < t2; t++) {
          int id = r.nextInt(VOCAB);
          if (t < t1) {
            short_[b * t1 + t] = t < LENGTHS[b] ? id : 0;
          }
          long_[b * t2 + t] = t < LENGTHS[b] ? short_[b * t1 + t] : id;
        }
      }
      try (Graph g = new Graph()) {
        ParameterStore store = new ParameterStore(g, 2);
        var encoder = new TransformerEncoder<>(store.scope("encoder"), spec(positions, 2), 10,
            TFloat32.class);
        DirectContext ctx = new DirectContext(g);
        Ops tf = ctx.tf();
        Operand<TFloat32> a = encoder.apply(ctx, ids(tf, short_, t1), tf.constant(LENGTHS),
            tf.constant(0L), false);
        Operand<TFloat32> p = encoder.apply(ctx, ids(tf, long_, t2), tf.constant(LENGTHS),
            tf.constant(0L), false);
        assertEquals(Shape.of(B, t1, D), a.shape());
        try (Session s = new Session(g)) {
          store.initialize(s);
          try (Result res = s.runner().fetch(a).fetch(p).run()) {
            float[] va = TestTensors.floats(res, 0);
            float[] vp = TestTensors.floats(res, 1);
            for (int b = 0; b < B; b++) {
              for (int t = 0; t < LENGTHS[b]; t++) {
                for (int k = 0; k < D; k++) {
                  assertEquals(va[(b * t1 + t) * D + k], vp[(b * t2 + t) * D + k], 1e-5f,
                      positions + " b" + b + " t" + t + " k" + k);
                }
              }
            }
          }
        }
      }
    }
  }

  /** The same token at positions 0 and 1 encodes differently: the positions are in the input. */
  @Test
  void positionsDistinguishRepeatedTokens() {
    for (Positions positions : Positions.values()) {
      try (Graph g = new Graph()) {
        ParameterStore store = new ParameterStore(g, 4);
        var encoder = new TransformerEncoder<>(store.scope("encoder"), spec(positions, 1), 10,
            TFloat32.class);
        DirectContext ctx = new DirectContext(g);
        Ops tf = ctx.tf();
        Operand<TFloat32> y = encoder.apply(ctx, tf.constant(new int[][] {{7, 7}}),
            tf.constant(new int[] {2}), tf.constant(0L), false);
        try (Session s = new Session(g)) {
          store.initialize(s);
          try (Result res = s.runner().fetch(y).run()) {
            float[] v = TestTensors.floats(res, 0);
            double difference = 0;
            for (int k = 0; k < D; k++) {
              difference = Math.max(difference, Math.abs(v[k] - v[D + k]));
            }
            assertTrue(difference > 1e-3, positions + ": " + difference);
          }
        }
      }
    }
  }

  @Test
  void refusesSequencesLongerThanThePositions() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      var encoder = new TransformerEncoder<>(store.scope("encoder"), spec(Positions.LEARNED, 1), 10,
          TFloat32.class);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TInt32> ids = tf.zeros(tf.constant(new int[] {2, 13}), TInt32.class);
      assertThrows(IllegalArgumentException.class, () -> encoder.apply(ctx,
          tf.ensureShape(ids, Shape.of(2, 13)), tf.constant(new int[] {1, 1}), tf.constant(0L),
          false));
    }
  }

  private static Operand<TInt32> ids(Ops tf, int[] flat, int time) {
    return tf.reshape(tf.constant(flat), tf.constant(new int[] {B, time}));
  }
}
