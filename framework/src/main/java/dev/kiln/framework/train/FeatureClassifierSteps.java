package dev.kiln.framework.train;

import dev.kiln.datasets.text.FeatureBatch;
import dev.kiln.framework.step.CompiledStep;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

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
    this.globalStep = BinaryStepRuns.readCount(session, graph.stepCount());
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
    Shape pairs = Shape.of(batch.batchSize(), batch.width());
    try (TInt32 ids = TInt32.tensorOf(pairs, DataBuffers.of(batch.featureIds(), true, false));
        TFloat32 values =
            TFloat32.tensorOf(pairs, DataBuffers.of(batch.featureValues(), true, false));
        TFloat32 labels = BinaryStepRuns.labels(batch.labels());
        TFloat32 weights = BinaryStepRuns.vector(batch.weights())) {
      return BinaryStepRuns.run(session, step, Map.of(FeatureClassifierGraph.FEATURE_IDS, ids,
          FeatureClassifierGraph.FEATURE_VALUES, values, FeatureClassifierGraph.LABELS, labels,
          FeatureClassifierGraph.WEIGHTS, weights), logitsOut);
    }
  }
}
