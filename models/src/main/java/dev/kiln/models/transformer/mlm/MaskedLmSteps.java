package dev.kiln.models.transformer.mlm;

import dev.kiln.datasets.text.MaskedBatch;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.train.BatchTotals;
import dev.kiln.framework.train.TrainingSteps;
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
 * Runs a {@link MaskedLmGraph}'s steps on {@link MaskedBatch}es. The totals count predictions,
 * not sentences: {@code lossSum} sums the cross-entropy of every selected position, {@code
 * correct} the positions predicted right, {@code weight} the selected positions.
 */
public final class MaskedLmSteps implements TrainingSteps<MaskedBatch> {
  private final MaskedLmGraph graph;
  private final Session session;
  private long globalStep;

  public MaskedLmSteps(MaskedLmGraph graph, Session session) {
    this.graph = graph;
    this.session = session;
    this.globalStep = readCount();
  }

  @Override
  public BatchTotals train(MaskedBatch batch) {
    BatchTotals totals = run(graph.trainStep(batch.seqLength()), batch);
    globalStep++;
    return totals;
  }

  @Override
  public BatchTotals evaluate(MaskedBatch batch) {
    return run(graph.evalStep(batch.seqLength()), batch);
  }

  @Override
  public long globalStep() {
    return globalStep;
  }

  private BatchTotals run(CompiledStep step, MaskedBatch batch) {
    Shape rows = Shape.of(batch.batchSize());
    Shape slots = Shape.of(batch.batchSize(), batch.predictionsPerRow());
    try (TInt32 ids = TInt32.tensorOf(Shape.of(batch.batchSize(), batch.seqLength()),
            DataBuffers.of(batch.tokenIds(), true, false));
        TInt32 lengths = TInt32.tensorOf(rows, DataBuffers.of(batch.lengths(), true, false));
        TInt32 positions = TInt32.tensorOf(slots, DataBuffers.of(batch.positions(), true, false));
        TInt32 targets = TInt32.tensorOf(slots, DataBuffers.of(batch.targets(), true, false));
        TFloat32 weights = TFloat32.tensorOf(slots, DataBuffers.of(batch.weights(), true, false))) {
      Map<String, Tensor> feeds = Map.of(MaskedLmGraph.TOKEN_IDS, ids, MaskedLmGraph.LENGTHS,
          lengths, MaskedLmGraph.POSITIONS, positions, MaskedLmGraph.TARGETS, targets,
          MaskedLmGraph.WEIGHTS, weights);
      try (Result result = step.run(session, feeds)) {
        List<String> names = step.outputNames();
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
