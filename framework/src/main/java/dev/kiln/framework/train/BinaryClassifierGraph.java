package dev.kiln.framework.train;

import dev.kiln.framework.Jit;
import dev.kiln.framework.layers.CounterUniform;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.optim.CrossReplicaSum;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.step.StepsByLength;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
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
    this(graph, model, optimizer, loss, batchSize, sequenceLengths, jit, null);
  }

  /**
   * As above; with {@code worker}, the train steps are one worker's shard of data-parallel steps:
   * they take {@code batchSize / workers} rows (the worker's rows of each global batch of {@code
   * batchSize}), draw dropout as for those rows of the global batch, and sum gradients over the
   * workers; eval steps take whole batches of {@code batchSize}.
   *
   * @param worker null for a single-process graph
   */
  public BinaryClassifierGraph(Graph graph, SequenceClassifier model, Optimizer optimizer,
      BinaryLoss loss, int batchSize, List<Integer> sequenceLengths, Jit jit,
      DataParallelShard worker) {
    this.optimizer = optimizer;
    this.loss = loss;
    this.stepCount = BinaryClassifierStep.stepCount(graph, optimizer);
    this.steps = new StepsByLength(graph, "", jit, sequenceLengths,
        (ctx, time, training) -> {
          if (training && worker != null) {
            int rows = worker.rows(batchSize);
            try (AutoCloseable shard = CounterUniform.shardStartingAtRow(worker.firstRow(batchSize))) {
              buildStep(ctx, model, rows, time, training, worker.allReduce());
            } catch (Exception e) {
              throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
          } else {
            buildStep(ctx, model, batchSize, time, training, null);
          }
        });
  }

  private void buildStep(StepContext ctx, SequenceClassifier model, int batchSize, int time,
      boolean training, CrossReplicaSum workers) {
    Operand<TInt32> ids = ctx.input(TOKEN_IDS, TInt32.class, Shape.of(batchSize, time));
    Operand<TInt32> lengths = ctx.input(LENGTHS, TInt32.class, Shape.of(batchSize));
    BinaryClassifierStep.build(ctx, optimizer, batchSize, training,
        step -> model.logits(ctx, ids, lengths, step, training),
        (losses, weights) -> workers == null
            ? loss.mean(ctx.tf(), losses, weights, lengths)
            : loss.sum(ctx.tf(), losses, weights),
        workers);
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
