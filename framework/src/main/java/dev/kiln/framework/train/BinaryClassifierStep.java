package dev.kiln.framework.train;

import dev.kiln.framework.losses.SigmoidCrossEntropy;
import dev.kiln.framework.optim.CrossReplicaSum;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.step.StepContext;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The body of every binary classifier step once the model's own inputs are declared ({@link
 * BinaryClassifierGraph}: token ids and lengths; {@link FeatureClassifierGraph}: feature pairs):
 * the {@code labels} and {@code weights} inputs, the per-example sigmoid cross-entropy of the
 * model's logits, the train step's update or the eval step's {@code logits} output, and the sums
 * {@link BinaryMetrics} reports.
 */
final class BinaryClassifierStep {
  static final String LABELS = "labels";
  static final String WEIGHTS = "weights";

  private BinaryClassifierStep() {}

  /**
   * @param logits the model's <float32>[batch] logits at a global step (which seeds dropout)
   * @param objective what the train step minimises, from the per-example losses and the weights
   */
  static void build(StepContext ctx, Optimizer optimizer, int batchSize, boolean training,
      Function<Operand<TInt64>, Operand<TFloat32>> logits,
      BiFunction<Operand<TFloat32>, Operand<TFloat32>, Operand<TFloat32>> objective) {
    build(ctx, optimizer, batchSize, training, logits, objective, null);
  }

  /**
   * As above; with {@code workers}, a train step is this worker's shard of a data-parallel step
   * ({@link Optimizer#minimizeAcrossWorkers}): {@code objective} gives the objective's sum, not
   * its mean, and the reported sums are those of the global batch.
   *
   * @param workers null for a single-process step
   */
  static void build(StepContext ctx, Optimizer optimizer, int batchSize, boolean training,
      Function<Operand<TInt64>, Operand<TFloat32>> logits,
      BiFunction<Operand<TFloat32>, Operand<TFloat32>, Operand<TFloat32>> objective,
      CrossReplicaSum workers) {
    Ops tf = ctx.tf();
    Operand<TFloat32> labels = ctx.input(LABELS, TFloat32.class, Shape.of(batchSize));
    Operand<TFloat32> weights = ctx.input(WEIGHTS, TFloat32.class, Shape.of(batchSize));
    Operand<TFloat32> scores = logits.apply(ctx.read(optimizer.count()));
    Operand<TFloat32> losses = SigmoidCrossEntropy.perExample(tf, scores, labels);
    if (training && workers != null) {
      BinaryMetrics.output(ctx, optimizer.minimizeAcrossWorkers(ctx,
          objective.apply(losses, weights),
          BinaryMetrics.sums(ctx, scores, labels, weights, losses), workers));
      return;
    }
    if (training) {
      optimizer.minimize(ctx, objective.apply(losses, weights));
    } else {
      ctx.output("logits", scores);
    }
    BinaryMetrics.output(ctx, scores, labels, weights, losses);
  }

  /** <int64>[] the optimizer's update count, read in the main graph. */
  static Operand<TInt64> stepCount(Graph graph, Optimizer optimizer) {
    return Ops.create(graph).withName("global_step")
        .readVariableOp(optimizer.count().handle(), TInt64.class);
  }
}
