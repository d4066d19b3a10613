package dev.kiln.framework.losses;

import dev.kiln.framework.config.ConfigException;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The training objective of a binary classifier, as a config's {@code loss} field names it. Both
 * average per-example {@link SigmoidCrossEntropy} over the batch's real rows (weight &gt; 0); they
 * differ in how each example counts.
 */
public enum BinaryLoss {
  /** {@code Σ w·l / Σ w}: every real example counts the same. */
  BCE("bce"),
  /**
   * {@code Σ w·(length / max length)·l / Σ w}: each example's loss scaled by its length over the
   * longest length among the batch's real rows, so short sentences count less. The denominator is
   * still the real rows' weight, not the sum of the scales.
   */
  LENGTH_WEIGHTED_BCE("length_weighted_bce");

  private final String configName;

  BinaryLoss(String configName) {
    this.configName = configName;
  }

  /** The loss a config's {@code loss} value names; an error lists the known names. */
  public static BinaryLoss parse(String name) {
    return Arrays.stream(values()).filter(l -> l.configName.equals(name)).findFirst()
        .orElseThrow(() -> new ConfigException("config field loss: unknown loss '" + name
            + "' (known: " + String.join(", ", Arrays.stream(values()).map(l -> l.configName).toList())
            + ")"));
  }

  /**
   * @param losses <float32>[batch] per-example loss
   * @param weights <float32>[batch] 1 for real rows, 0 for padding rows
   * @param lengths <int32>[batch] tokens per example
   * @return <float32>[] the objective to minimise
   */
  public Operand<TFloat32> mean(Ops tf, Operand<TFloat32> losses, Operand<TFloat32> weights,
      Operand<TInt32> lengths) {
    return scaledMean(tf, exampleScales(tf, weights, lengths), losses, weights);
  }

  /**
   * The numerator of {@link #mean}, {@code Σ scale·l}: what a data-parallel worker differentiates
   * before the sum over the workers is divided by the global batch's weight. Only {@link #BCE}:
   * {@link #LENGTH_WEIGHTED_BCE} scales by the longest length of the whole batch, which one
   * worker's shard does not know.
   */
  public Operand<TFloat32> sum(Ops tf, Operand<TFloat32> losses, Operand<TFloat32> weights) {
    if (this != BCE) {
      throw new ConfigException("config field loss: " + configName + " is not supported with"
          + " several workers (it scales by the whole batch's longest length); use bce");
    }
    return tf.reduceSum(tf.math.mul(weights, losses), tf.constant(0));
  }

  /**
   * {@link #BCE}'s objective, {@code Σ w·l / Σ w}, for a classifier whose inputs have no lengths
   * (a feature classifier).
   */
  public static Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> losses,
      Operand<TFloat32> weights) {
    return scaledMean(tf, weights, losses, weights);
  }

  /** {@code Σ scale·l / Σ w}, the denominator kept from 0. */
  private static Operand<TFloat32> scaledMean(Ops tf, Operand<TFloat32> scales,
      Operand<TFloat32> losses, Operand<TFloat32> weights) {
    Operand<TFloat32> scaled = tf.reduceSum(tf.math.mul(scales, losses), tf.constant(0));
    Operand<TFloat32> weight = tf.reduceSum(weights, tf.constant(0));
    return tf.math.div(scaled, tf.math.maximum(weight, tf.constant(1e-12f)));
  }

  /** <float32>[batch] each example's factor: its weight, times length / max length if weighted. */
  private Operand<TFloat32> exampleScales(Ops tf, Operand<TFloat32> weights, Operand<TInt32> lengths) {
    if (this == BCE) {
      return weights;
    }
    Operand<TFloat32> real = tf.dtypes.cast(tf.math.greater(weights, tf.constant(0f)), TFloat32.class);
    Operand<TFloat32> realLengths = tf.math.mul(real, tf.dtypes.cast(lengths, TFloat32.class));
    Operand<TFloat32> longest = tf.math.maximum(tf.reduceMax(realLengths, tf.constant(0)), tf.constant(1f));
    return tf.math.mul(weights, tf.math.div(realLengths, longest));
  }

  @Override
  public String toString() {
    return configName;
  }
}
