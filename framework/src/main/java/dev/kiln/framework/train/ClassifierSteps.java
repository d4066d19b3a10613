package dev.kiln.framework.train;

import dev.kiln.datasets.text.LabelledBatch;
import dev.kiln.framework.step.CompiledStep;
import java.util.HashMap;
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
 * Runs a binary classifier's compiled steps ({@link BinaryClassifierStep}) on its batches in a
 * session: feeds the labels and weights every such step takes, reads back the sums it reports
 * ({@link BinaryMetrics}) and the logits of an eval step, and counts the global step. What a
 * subclass adds is the only variation: which compiled step a batch runs in, and the model's own
 * inputs ({@link BinaryClassifierSteps}: token ids and lengths; {@link FeatureClassifierSteps}:
 * feature pairs). Every tensor is closed after its run.
 *
 * @param <B> the batches
 */
public abstract class ClassifierSteps<B extends LabelledBatch> implements TrainingSteps<B> {
  private final Session session;
  private long globalStep;

  /**
   * Binds the steps to a session whose variables are initialised or restored.
   *
   * @param stepCount <int64>[] the optimizer's update count, read in the main graph
   */
  ClassifierSteps(Session session, Operand<TInt64> stepCount) {
    this.session = session;
    try (Result result = session.runner().fetch(stepCount).run()) {
      this.globalStep = ((TInt64) result.get(0)).getLong();
    }
  }

  /** The compiled train or eval step {@code batch} runs in. */
  abstract CompiledStep step(B batch, boolean training);

  /** The model's own inputs for {@code batch}, by step input name; the caller closes them. */
  abstract Map<String, Tensor> modelInputs(B batch);

  @Override
  public BatchTotals train(B batch) {
    BatchTotals totals = run(step(batch, true), batch, null);
    globalStep++;
    return totals;
  }

  @Override
  public BatchTotals evaluate(B batch) {
    return run(step(batch, false), batch, null);
  }

  /** <float32>[numExamples] the logits of the batch's real rows, in row order. */
  public float[] logits(B batch) {
    float[] logits = new float[batch.numExamples()];
    run(step(batch, false), batch, logits);
    return logits;
  }

  /**
   * P(class 1) of every real row of {@code batches}, each at its {@link
   * LabelledBatch#exampleIndices() example index} in an array of {@code count}.
   */
  public float[] probabilities(Iterable<B> batches, int count) {
    float[] probabilities = new float[count];
    for (B batch : batches) {
      float[] logits = logits(batch);
      for (int row = 0; row < logits.length; row++) {
        probabilities[batch.exampleIndices()[row]] = (float) (1 / (1 + Math.exp(-logits[row])));
      }
    }
    return probabilities;
  }

  @Override
  public long globalStep() {
    return globalStep;
  }

  /** @param logitsOut null, or filled with the first {@code logitsOut.length} logits */
  private BatchTotals run(CompiledStep step, B batch, float[] logitsOut) {
    Map<String, Tensor> inputs = modelInputs(batch);
    try (TFloat32 labels = labels(batch.labels()); TFloat32 weights = vector(batch.weights())) {
      Map<String, Tensor> feeds = new HashMap<>(inputs);
      feeds.put(BinaryClassifierStep.LABELS, labels);
      feeds.put(BinaryClassifierStep.WEIGHTS, weights);
      try (Result result = step.run(session, feeds)) {
        List<String> names = step.outputNames();
        if (logitsOut != null) {
          TFloat32 logits = (TFloat32) result.get(names.indexOf("logits"));
          for (int i = 0; i < logitsOut.length; i++) {
            logitsOut[i] = logits.getFloat(i);
          }
        }
        return new BatchTotals(scalar(result, names, "loss_sum"),
            scalar(result, names, "correct"), scalar(result, names, "weight"));
      }
    } finally {
      inputs.values().forEach(Tensor::close);
    }
  }

  /** {@code <float32>[batch]} 1 where {@code labels} is 1, else 0 (padding rows included). */
  private static TFloat32 labels(int[] labels) {
    float[] values = new float[labels.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels[i] == 1 ? 1f : 0f;
    }
    return vector(values);
  }

  private static TFloat32 vector(float[] values) {
    return TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
  }

  private static double scalar(Result result, List<String> names, String name) {
    return ((TFloat32) result.get(names.indexOf(name))).getFloat();
  }
}
