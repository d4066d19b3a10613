package dev.kiln.framework.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

class SigmoidCrossEntropyTest {
  static double reference(double x, double z) {
    double p = 1 / (1 + Math.exp(-x));
    return -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
  }

  static double[] eval(java.util.function.Function<Ops, Operand<TFloat64>> f, int n) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat64> out = f.apply(Ops.create(g));
      try (Result r = s.runner().fetch(out).run()) {
        TFloat64 t = (TFloat64) r.get(0);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
          a[i] = n == 1 && t.shape().numDimensions() == 0 ? t.getDouble() : t.getDouble(i);
        }
        return a;
      }
    }
  }

  @Test
  void perExampleLossMatchesTheDefinitionAndIsFiniteForHugeLogits() {
    double[] x = {-3, -0.5, 0, 0.7, 4, 500, -500};
    double[] z = {0, 1, 1, 0, 1, 0, 1};
    double[] l = eval(tf -> SigmoidCrossEntropy.perExample(tf, tf.constant(x), tf.constant(z)), x.length);
    for (int i = 0; i < 5; i++) {
      assertEquals(reference(x[i], z[i]), l[i], 1e-12, "x=" + x[i]);
    }
    assertEquals(500, l[5], 1e-9, "wrong by 500 when the logit is +500 and the label 0");
    assertEquals(500, l[6], 1e-9);
  }

  @Test
  void weightedMeanIsSumOfWeightedLossesOverSumOfWeights() {
    double[] x = {1, -2, 0.5, 3};
    double[] z = {1, 0, 0, 1};
    double[] w = {1, 2, 0, 0.5};
    double num = 0;
    double den = 0;
    for (int i = 0; i < 4; i++) {
      num += w[i] * reference(x[i], z[i]);
      den += w[i];
    }
    double[] got = eval(tf -> SigmoidCrossEntropy.weightedMean(tf, tf.constant(x), tf.constant(z), tf.constant(w)), 1);
    assertEquals(num / den, got[0], 1e-12);
    double[] mean = eval(tf -> SigmoidCrossEntropy.mean(tf, tf.constant(x), tf.constant(z)), 1);
    double plain = 0;
    for (int i = 0; i < 4; i++) {
      plain += reference(x[i], z[i]) / 4;
    }
    assertEquals(plain, mean[0], 1e-12);
  }

  /** d l / d x = σ(x) − z everywhere, x = 0 included (where ReLU's and Abs's gradients are 0). */
  @Test
  void theGradientIsSigmoidMinusLabelAtZeroToo() {
    double[] x = {0, 0, -1.5, 2};
    double[] z = {1, 0, 1, 0};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat64> logits = tf.constant(x);
      Operand<TFloat64> loss = tf.reduceSum(
          SigmoidCrossEntropy.perExample(tf, logits, tf.constant(z)), tf.constant(0));
      Output<?>[] grad = g.addGradients(loss.asOutput(), new Output<?>[] {logits.asOutput()});
      try (Result r = s.runner().fetch(grad[0]).run()) {
        TFloat64 t = (TFloat64) r.get(0);
        for (int i = 0; i < x.length; i++) {
          assertEquals(1 / (1 + Math.exp(-x[i])) - z[i], t.getDouble(i), 1e-12, "x=" + x[i]);
        }
      }
    }
  }
}
