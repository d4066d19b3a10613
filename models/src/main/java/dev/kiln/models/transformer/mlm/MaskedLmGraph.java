package dev.kiln.models.transformer.mlm;

import dev.kiln.framework.Jit;
import dev.kiln.framework.Scalars;
import dev.kiln.framework.losses.SoftmaxCrossEntropy;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.step.StepsByLength;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The compiled steps of a {@link MaskedLanguageModel}: one train and one eval step per padded
 * sequence length, each with that length's number of prediction slots.
 *
 * <p>Step inputs: {@code token_ids} <int32>[batch, time] (corrupted), {@code lengths}
 * <int32>[batch], {@code positions} and {@code targets} <int32>[batch, P], {@code weights}
 * <float32>[batch, P] (1 at a selected position, 0 in an unused slot). Outputs: {@code loss_sum} =
 * Σ w·CE, {@code correct} = Σ w·[argmax = target], {@code weight} = Σ w. The train step minimises
 * the mean cross-entropy over the batch's selected positions, {@code loss_sum / weight}.
 */
public final class MaskedLmGraph implements AutoCloseable {
  static final String TOKEN_IDS = "token_ids";
  static final String LENGTHS = "lengths";
  static final String POSITIONS = "positions";
  static final String TARGETS = "targets";
  static final String WEIGHTS = "weights";

  private final StepsByLength steps;
  private final Optimizer optimizer;
  private final Operand<TInt64> stepCount;

  /**
   * @param sequenceLengths the padded lengths batches come in
   * @param predictionsPerRow the prediction slots of a row of each length
   */
  public MaskedLmGraph(Graph graph, MaskedLanguageModel model, Optimizer optimizer, int batchSize,
      List<Integer> sequenceLengths, IntUnaryOperator predictionsPerRow, Jit jit) {
    this.optimizer = optimizer;
    this.stepCount = Ops.create(graph).withName("global_step")
        .readVariableOp(optimizer.count().handle(), TInt64.class);
    this.steps = new StepsByLength(graph, "mlm_", jit, sequenceLengths,
        (ctx, time, training) -> buildStep(ctx, model, batchSize, time,
            predictionsPerRow.applyAsInt(time), training));
  }

  private void buildStep(StepContext ctx, MaskedLanguageModel model, int batchSize, int time,
      int slots, boolean training) {
    Ops tf = ctx.tf();
    Operand<TInt32> ids = ctx.input(TOKEN_IDS, TInt32.class, Shape.of(batchSize, time));
    Operand<TInt32> lengths = ctx.input(LENGTHS, TInt32.class, Shape.of(batchSize));
    Operand<TInt32> positions = ctx.input(POSITIONS, TInt32.class, Shape.of(batchSize, slots));
    Operand<TInt32> targets = ctx.input(TARGETS, TInt32.class, Shape.of(batchSize, slots));
    Operand<TFloat32> weights = ctx.input(WEIGHTS, TFloat32.class, Shape.of(batchSize, slots));
    Operand<TInt64> step = ctx.read(optimizer.count());
    Operand<TFloat32> logits = model.logits(ctx, ids, lengths, positions, step, training);
    Operand<TInt32> flatTargets = tf.reshape(targets, tf.constant(new int[] {-1}));
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    Operand<TFloat32> losses = SoftmaxCrossEntropy.perExample(tf, logits, flatTargets);
    Operand<TFloat32> lossSum = tf.reduceSum(tf.math.mul(flatWeights, losses), tf.constant(0));
    Operand<TFloat32> weight = tf.reduceSum(flatWeights, tf.constant(0));
    Operand<TFloat32> right = tf.dtypes.cast(tf.math.equal(
        tf.math.argMax(logits, tf.constant(1), TInt32.class), flatTargets), TFloat32.class);
    Operand<TFloat32> correct = tf.reduceSum(tf.math.mul(flatWeights, right), tf.constant(0));
    if (training) {
      optimizer.minimize(ctx,
          tf.math.div(lossSum, tf.math.maximum(weight, Scalars.of(tf, 1e-12, TFloat32.class))));
    }
    ctx.output("loss_sum", lossSum);
    ctx.output("correct", correct);
    ctx.output("weight", weight);
  }

  public CompiledStep trainStep(int time) {
    return steps.train(time);
  }

  public CompiledStep evalStep(int time) {
    return steps.eval(time);
  }

  /** <int64>[] the optimizer's update count, read in the main graph. */
  public Operand<TInt64> stepCount() {
    return stepCount;
  }

  @Override
  public void close() {
    steps.close();
  }
}
