package dev.kiln.framework.train;

import dev.kiln.framework.Jit;
import dev.kiln.framework.losses.BinaryLoss;
import dev.kiln.framework.optim.Optimizer;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepContext;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The compiled steps of a binary {@link FeatureClassifier}: one train step and one eval step, for
 * batches of any width. Built once, before the session starts. Under {@link Jit#XLA}, each width
 * the batches come in (a multiple of 8) compiles once.
 *
 * <p>Step inputs: {@code feature_ids} <int32>[batch, width], {@code feature_values}
 * <float32>[batch, width], {@code labels} <float32>[batch] in {0, 1}, {@code weights}
 * <float32>[batch] (0 for padding rows). Outputs: {@code loss_sum}, {@code correct}, {@code
 * weight} ({@link BinaryMetrics}) and (eval only) {@code logits} <float32>[batch]. The train step
 * minimises the weighted mean sigmoid cross-entropy, plus whatever penalty the optimizer adds.
 */
public final class FeatureClassifierGraph implements AutoCloseable {
  static final String FEATURE_IDS = "feature_ids";
  static final String FEATURE_VALUES = "feature_values";

  private final Optimizer optimizer;
  private final CompiledStep trainStep;
  private final CompiledStep evalStep;
  private final Operand<TInt64> stepCount;

  public FeatureClassifierGraph(Graph graph, FeatureClassifier model, Optimizer optimizer,
      int batchSize, Jit jit) {
    this.optimizer = optimizer;
    this.stepCount = BinaryClassifierStep.stepCount(graph, optimizer);
    this.trainStep = CompiledStep.build(graph, "train_step", jit,
        ctx -> buildStep(ctx, model, batchSize, true));
    this.evalStep = CompiledStep.build(graph, "eval_step", jit,
        ctx -> buildStep(ctx, model, batchSize, false));
  }

  private void buildStep(StepContext ctx, FeatureClassifier model, int batchSize,
      boolean training) {
    Operand<TInt32> ids = ctx.input(FEATURE_IDS, TInt32.class, Shape.of(batchSize, -1));
    Operand<TFloat32> values = ctx.input(FEATURE_VALUES, TFloat32.class, Shape.of(batchSize, -1));
    BinaryClassifierStep.build(ctx, optimizer, batchSize, training,
        step -> model.logits(ctx, ids, values, step, training),
        (losses, weights) -> BinaryLoss.weightedMean(ctx.tf(), losses, weights));
  }

  CompiledStep trainStep() {
    return trainStep;
  }

  CompiledStep evalStep() {
    return evalStep;
  }

  /** <int64>[] the optimizer's update count, read in the main graph. */
  Operand<TInt64> stepCount() {
    return stepCount;
  }

  @Override
  public void close() {
    trainStep.close();
    evalStep.close();
  }
}
