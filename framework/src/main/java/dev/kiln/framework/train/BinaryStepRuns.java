package dev.kiln.framework.train;

import dev.kiln.framework.step.CompiledStep;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What running a binary classifier's compiled step takes whatever its inputs are ({@link
 * BinaryClassifierSteps}, {@link FeatureClassifierSteps}): the float labels and weights it is fed,
 * the sums it reports ({@link BinaryMetrics}), the logits an eval step can return, and the global
 * step read from the session.
 */
final class BinaryStepRuns {
  private BinaryStepRuns() {}

  /** {@code <float32>[batch]} 1 where {@code labels} is 1, else 0 (padding rows included). */
  static TFloat32 labels(int[] labels) {
    float[] values = new float[labels.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels[i] == 1 ? 1f : 0f;
    }
    return vector(values);
  }

  /** {@code <float32>[values.length]}. */
  static TFloat32 vector(float[] values) {
    return TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  /**
   * Runs {@code step} on {@code feeds} (which the caller closes) and returns its sums.
   *
   * @param logitsOut null, or filled with the first {@code logitsOut.length} logits (eval steps)
   */
  static BatchTotals run(Session session, CompiledStep step, Map<String, Tensor> feeds,
      float[] logitsOut) {
    try (Result result = step.run(session, feeds)) {
      List<String> names = step.outputNames();
      if (logitsOut != null) {
        TFloat32 logits = (TFloat32) result.get(names.indexOf("logits"));
        for (int i = 0; i < logitsOut.length; i++) {
          logitsOut[i] = logits.getFloat(i);
        }
      }
      return new BatchTotals(scalar(result, names, "loss_sum"), scalar(result, names, "correct"),
          scalar(result, names, "weight"));
    }
  }

  /** The optimizer's update count as the session holds it now. */
  static long readCount(Session session, Operand<TInt64> stepCount) {
    try (Result result = session.runner().fetch(stepCount).run()) {
      return ((TInt64) result.get(0)).getLong();
    }
  }

  private static double scalar(Result result, List<String> names, String name) {
    return ((TFloat32) result.get(names.indexOf(name))).getFloat();
  }
}
