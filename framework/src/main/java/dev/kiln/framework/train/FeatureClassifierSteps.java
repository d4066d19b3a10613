package dev.kiln.framework.train;

import dev.kiln.datasets.text.FeatureBatch;
import dev.kiln.framework.step.CompiledStep;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs a {@link FeatureClassifierGraph}'s compiled steps on {@link FeatureBatch}es in a session,
 * fed their (feature index, value) pairs.
 */
public final class FeatureClassifierSteps extends ClassifierSteps<FeatureBatch> {
  private final FeatureClassifierGraph graph;

  /** Binds the steps to a session whose variables are initialised or restored. */
  public FeatureClassifierSteps(FeatureClassifierGraph graph, Session session) {
    super(session, graph.stepCount());
    this.graph = graph;
  }

  @Override
  CompiledStep step(FeatureBatch batch, boolean training) {
    return training ? graph.trainStep() : graph.evalStep();
  }

  @Override
  Map<String, Tensor> modelInputs(FeatureBatch batch) {
    Shape pairs = Shape.of(batch.batchSize(), batch.width());
    return Map.of(
        FeatureClassifierGraph.FEATURE_IDS,
        TInt32.tensorOf(pairs, DataBuffers.of(batch.featureIds(), true, false)),
        FeatureClassifierGraph.FEATURE_VALUES,
        TFloat32.tensorOf(pairs, DataBuffers.of(batch.featureValues(), true, false)));
  }
}
