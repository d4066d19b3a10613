package dev.kiln.framework.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/** Dense(2) + softmax cross-entropy and the binary path on z₁ − z₀ are one loss. */
class TwoClassLogitsTest {
  static final double[][] LOGITS = {{0.3, -1.2}, {2.0, 2.5}, {-0.7, 0.1}, {40, -35}, {1.5, 1.5}};
  static final int[] LABELS = {0, 1, 0, 1, 1};

  @Test
  void theMarginIsClassOneMinusClassZero() {
    double[] margin = SigmoidCrossEntropyTest.eval(
        tf -> TwoClassLogits.margin(tf, tf.constant(LOGITS)), LOGITS.length);
    for (int i = 0; i < LOGITS.length; i++) {
      assertEquals(LOGITS[i][1] - LOGITS[i][0], margin[i], 1e-15, "row " + i);
    }
  }

  /** Per-example losses and their gradients w.r.t. both logits agree to float64 rounding. */
  @Test
  void softmaxCrossEntropyAndBinaryCrossEntropyOnTheMarginAgreeWithTheirGradients() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat64> logits = tf.constant(LOGITS);
      Operand<TFloat64> softmax = SoftmaxCrossEntropy.perExample(tf, logits, tf.constant(LABELS));
      double[] labels = new double[LABELS.length];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = LABELS[i];
      }
      Operand<TFloat64> binary =
          SigmoidCrossEntropy.perExample(tf, TwoClassLogits.margin(tf, logits), tf.constant(labels));
      // a weighted sum, so each row's gradient is told apart
      Operand<TFloat64> rowWeights = tf.constant(new double[] {1, 2, 3, 4, 5});
      Output<?>[] softmaxGrad = g.addGradients(
          tf.reduceSum(tf.math.mul(rowWeights, softmax), tf.constant(0)).asOutput(),
          new Output<?>[] {logits.asOutput()});
      Output<?>[] binaryGrad = g.addGradients(
          tf.reduceSum(tf.math.mul(rowWeights, binary), tf.constant(0)).asOutput(),
          new Output<?>[] {logits.asOutput()});
      try (Result r = s.runner().fetch(softmax).fetch(binary).fetch(softmaxGrad[0])
          .fetch(binaryGrad[0]).run()) {
        TFloat64 ls = (TFloat64) r.get(0);
        TFloat64 lb = (TFloat64) r.get(1);
        TFloat64 gs = (TFloat64) r.get(2);
        TFloat64 gb = (TFloat64) r.get(3);
        for (int i = 0; i < LOGITS.length; i++) {
          assertEquals(ls.getDouble(i), lb.getDouble(i), 1e-12, "loss of row " + i);
          for (int k = 0; k < 2; k++) {
            assertEquals(gs.getDouble(i, k), gb.getDouble(i, k), 1e-12, "gradient [" + i + "][" + k + "]");
          }
        }
        // row 0 by hand: z = (0.3, -1.2), label 0: -log(e^0.3 / (e^0.3 + e^-1.2)) = log(1 + e^-1.5)
        assertEquals(Math.log1p(Math.exp(-1.5)), ls.getDouble(0), 1e-12);
      }
    }
  }

  @Test
  void float32WorksAndOtherShapesAreRefused() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> margin = TwoClassLogits.margin(tf, tf.constant(new float[][] {{1f, 3f}}));
      try (Result r = s.runner().fetch(margin).run()) {
        assertEquals(2f, ((TFloat32) r.get(0)).getFloat(0));
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TwoClassLogits.margin(tf, tf.constant(new float[][] {{1f, 2f, 3f}})));
      assertEquals("two-class logits must be [batch, 2], got [1, 3]", e.getMessage());
    }
  }
}
