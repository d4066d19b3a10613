package dev.kiln.framework.train;

import dev.kiln.datasets.text.Batch;
import dev.kiln.framework.step.CompiledStep;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs a {@link BinaryClassifierGraph}'s compiled steps on {@link Batch}es in a session: each
 * batch goes to the step compiled for its padded length. Every tensor is closed after its run.
 */
public final class BinaryClassifierSteps implements TrainingSteps<Batch> {
  private final BinaryClassifierGraph graph;
  private final Session session;
  private long globalStep;

  /** Binds the steps to a session whose variables are initialised or restored. */
  public BinaryClassifierSteps(BinaryClassifierGraph graph, Session session) {
    this.graph = graph;
    this.session = session;
    this.globalStep = BinaryStepRuns.readCount(session, graph.stepCount());
  }

  @Override
  public BatchTotals train(Batch batch) {
    BatchTotals totals = run(graph.trainStep(batch.seqLength()), batch, null);
    globalStep++;
    return totals;
  }

  @Override
  public BatchTotals evaluate(Batch batch) {
    return run(graph.evalStep(batch.seqLength()), batch, null);
  }

  /** <float32>[numExamples] the logits of the batch's real rows, in row order. */
  public float[] logits(Batch batch) {
    float[] logits = new float[batch.numExamples()];
    run(graph.evalStep(batch.seqLength()), batch, logits);
    return logits;
  }

  @Override
  public long globalStep() {
    return globalStep;
  }

  private BatchTotals run(CompiledStep step, Batch batch, float[] logitsOut) {
    try (TInt32 ids = TInt32.tensorOf(Shape.of(batch.batchSize(), batch.seqLength()),
            DataBuffers.of(batch.tokenIds(), true, false));
        TInt32 lengths = TInt32.tensorOf(Shape.of(batch.batchSize()),
            DataBuffers.of(batch.lengths(), true, false));
        TFloat32 labels = BinaryStepRuns.labels(batch.labels());
        TFloat32 weights = BinaryStepRuns.vector(batch.weights())) {
      return BinaryStepRuns.run(session, step, Map.of(BinaryClassifierGraph.TOKEN_IDS, ids,
          BinaryClassifierGraph.LENGTHS, lengths, BinaryClassifierGraph.LABELS, labels,
          BinaryClassifierGraph.WEIGHTS, weights), logitsOut);
    }
  }
}
