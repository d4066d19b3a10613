package dev.kiln.framework.train;

import dev.kiln.datasets.text.FeatureBatch;
import dev.kiln.framework.step.CompiledStep;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Runs a {@link FeatureClassifierGraph}'s compiled steps on {@link FeatureBatch}es in a session.
 * Every tensor is closed after its run.
 */
public final class FeatureClassifierSteps implements TrainingSteps<FeatureBatch> {
  private final FeatureClassifierGraph graph;
  private final Session session;
  private long globalStep;

  /** Binds the steps to a session whose variables are initialised or restored. */
  public FeatureClassifierSteps(FeatureClassifierGraph graph, Session session) {
    this.graph = graph;
    this.session = session;
    this.globalStep = readCount();
  }

  @Override
  public BatchTotals train(FeatureBatch batch) {
    BatchTotals totals = run(graph.trainStep(), batch, null);
    globalStep++;
    return totals;
  }

  @Override
  public BatchTotals evaluate(FeatureBatch batch) {
    return run(graph.evalStep(), batch, null);
  }

  /** <float32>[numExamples] the logits of the batch's real rows, in row order. */
  public float[] logits(FeatureBatch batch) {
    float[] logits = new float[batch.numExamples()];
    run(graph.evalStep(), batch, logits);
    return logits;
  }

  @Override
  public long globalStep() {
    return globalStep;
  }

  private BatchTotals run(CompiledStep step, FeatureBatch batch, float[] logitsOut) {
    float[] labels = new float[batch.batchSize()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = batch.labels()[i] == 1 ? 1f : 0f;
    }
    Shape pairs = Shape.of(batch.batchSize(), batch.width());
    try (TInt32 ids = TInt32.tensorOf(pairs, DataBuffers.of(batch.featureIds(), true, false));
        TFloat32 values =
            TFloat32.tensorOf(pairs, DataBuffers.of(batch.featureValues(), true, false));
        TFloat32 labelTensor = TFloat32.tensorOf(Shape.of(batch.batchSize()),
            DataBuffers.of(labels, true, false));
        TFloat32 weights = TFloat32.tensorOf(Shape.of(batch.batchSize()),
            DataBuffers.of(batch.weights(), true, false))) {
      Map<String, Tensor> feeds = Map.of(FeatureClassifierGraph.FEATURE_IDS, ids,
          FeatureClassifierGraph.FEATURE_VALUES, values, FeatureClassifierGraph.LABELS,
          labelTensor, FeatureClassifierGraph.WEIGHTS, weights);
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
    }
  }

  private static double scalar(Result result, List<String> names, String name) {
    return ((TFloat32) result.get(names.indexOf(name))).getFloat();
  }

  private long readCount() {
    try (Result result = session.runner().fetch(graph.stepCount()).run()) {
      return ((TInt64) result.get(0)).getLong();
    }
  }
}
