package dev.kiln.framework.train;

import dev.kiln.datasets.text.Batch;
import dev.kiln.framework.step.CompiledStep;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * Runs a {@link BinaryClassifierGraph}'s compiled steps on {@link Batch}es in a session: each
 * batch goes to the step compiled for its padded length, fed its token ids and lengths.
 */
public final class BinaryClassifierSteps extends ClassifierSteps<Batch> {
  private final BinaryClassifierGraph graph;

  /** Binds the steps to a session whose variables are initialised or restored. */
  public BinaryClassifierSteps(BinaryClassifierGraph graph, Session session) {
    super(session, graph.stepCount());
    this.graph = graph;
  }

  @Override
  CompiledStep step(Batch batch, boolean training) {
    return training ? graph.trainStep(batch.seqLength()) : graph.evalStep(batch.seqLength());
  }

  @Override
  Map<String, Tensor> modelInputs(Batch batch) {
    return Map.of(
        BinaryClassifierGraph.TOKEN_IDS, TInt32.tensorOf(
            Shape.of(batch.batchSize(), batch.seqLength()),
            DataBuffers.of(batch.tokenIds(), true, false)),
        BinaryClassifierGraph.LENGTHS, TInt32.tensorOf(
            Shape.of(batch.batchSize()), DataBuffers.of(batch.lengths(), true, false)));
  }
}
