package dev.kiln.framework.train;

import dev.kiln.framework.Jit;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.losses.SigmoidCrossEntropy;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.step.StepsByLength;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The compiled steps of a binary {@link SequenceClassifier}: one train step and one eval step per
 * padded sequence length (the bucket boundaries), since the recurrent layers are unrolled to a
 * static length. Built once, before the session starts.
 *
 * <p>Step inputs: {@code token_ids} <int32>[batch, time], {@code lengths} <int32>[batch], {@code
 * labels} <float32>[batch] in {0, 1}, {@code weights} <float32>[batch] (0 for padding rows).
 * Outputs: {@code loss_sum} = Σ w·loss, {@code correct} = Σ w·[logit ≥ 0 ⇔ label = 1], {@code
 * weight} = Σ w, and (eval only) {@code logits} <float32>[batch]. The train step minimises the
 * {@link BinaryLoss} it is given; {@code loss_sum} is the plain cross-entropy in both steps, so
 * train_loss and eval_loss stay comparable across loss choices.
 */
public final class BinaryClassifierGraph implements AutoCloseable {
  static final String TOKEN_IDS = "token_ids";
  static final String LENGTHS = "lengths";
  static final String LABELS = "labels";
  static final String WEIGHTS = "weights";

  private final StepsByLength steps;
  private final Optimizer optimizer;
  private final BinaryLoss loss;
  private final Operand<TInt64> stepCount;

  /**
   * @param loss the objective the train step minimises
   * @param sequenceLengths the padded lengths batches come in (the bucket boundaries)
   */
  public BinaryClassifierGraph(Graph graph, SequenceClassifier model, Optimizer optimizer,
      BinaryLoss loss, int batchSize, List<Integer> sequenceLengths, Jit jit) {
    this.optimizer = optimizer;
    this.loss = loss;
    this.stepCount = Ops.create(graph).withName("global_step")
        .readVariableOp(optimizer.count().handle(), TInt64.class);
    this.steps = new StepsByLength(graph, "", jit, sequenceLengths,
        (ctx, time, training) -> buildStep(ctx, model, batchSize, time, training));
  }

  private void buildStep(StepContext ctx, SequenceClassifier model, int batchSize, int time,
      boolean training) {
    Ops tf = ctx.tf();
    Operand<TInt32> ids = ctx.input(TOKEN_IDS, TInt32.class, Shape.of(batchSize, time));
    Operand<TInt32> lengths = ctx.input(LENGTHS, TInt32.class, Shape.of(batchSize));
    Operand<TFloat32> labels = ctx.input(LABELS, TFloat32.class, Shape.of(batchSize));
    Operand<TFloat32> weights = ctx.input(WEIGHTS, TFloat32.class, Shape.of(batchSize));
    Operand<TInt64> step = ctx.read(optimizer.count());
    Operand<TFloat32> logits = model.logits(ctx, ids, lengths, step, training);
    Operand<TFloat32> losses = SigmoidCrossEntropy.perExample(tf, logits, labels);
    if (training) {
      optimizer.minimize(ctx, loss.mean(tf, losses, weights, lengths));
    } else {
      ctx.output("logits", logits);
    }
    BinaryMetrics.output(ctx, logits, labels, weights, losses);
  }

  /** Every train and eval step, by the padded length it takes. */
  public StepsByLength steps() {
    return steps;
  }

  /** The train step for batches padded to {@code time}; an error names the lengths there are. */
  CompiledStep trainStep(int time) {
    return steps.train(time);
  }

  CompiledStep evalStep(int time) {
    return steps.eval(time);
  }

  /** <int64>[] the optimizer's update count, read in the main graph. */
  Operand<TInt64> stepCount() {
    return stepCount;
  }

  @Override
  public void close() {
    steps.close();
  }
}
