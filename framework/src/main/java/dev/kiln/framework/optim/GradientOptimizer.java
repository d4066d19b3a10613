package dev.kiln.framework.optim;

import dev.kiln.framework.Scalars;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * What Adam and SGD share: the step counter {@code <scope>/count}, a base learning rate scaled by
 * a {@link LearningRateSchedule}, and the regularised, clipped gradients ({@link LossGradients}).
 * A subclass writes only its update rule.
 */
abstract class GradientOptimizer implements Optimizer {
  private final double learningRate;
  private final LearningRateSchedule schedule;
  private final LossGradients lossGradients;
  private final Variable<TInt64> count;

  GradientOptimizer(ParameterStore scope, List<Variable<?>> params, List<Variable<?>> l2Params,
      double learningRate, double l2, double clipNorm, LearningRateSchedule schedule) {
    this.learningRate = learningRate;
    this.schedule = schedule;
    this.lossGradients = new LossGradients(params, l2Params, l2, clipNorm);
    this.count = scope.state("count", TInt64.class, Shape.scalar(), Initializers.zeros());
  }

  @Override
  public final double learningRate(long step) {
    return learningRate * schedule.factor(step);
  }

  @Override
  public final Variable<TInt64> count() {
    return count;
  }

  /**
   * Adds the L2 penalty to {@code loss}, differentiates, optionally clips, applies the update
   * rule and increments the step counter.
   *
   * @return <T>[] the loss that was minimised (data loss + L2 penalty)
   */
  @Override
  public final <T extends TFloating> Operand<T> minimize(StepContext ctx, Operand<T> loss) {
    Ops tf = ctx.tf();
    Map<Integer, StepContext.Lookup> lazy = lazyLookups(ctx);
    LossGradients.Result<T> result = lossGradients.compute(ctx, loss, lazy);
    Operand<TInt64> step = ctx.read(count);
    Operand<T> lr = tf.math.mul(Scalars.of(tf, learningRate, loss.type()),
        schedule.factor(tf, step, loss.type()));
    Map<Integer, Operand<TInt32>> rowIds = new HashMap<>();
    lazy.forEach((i, lookup) -> rowIds.put(i, lookup.ids()));
    applyUpdates(ctx, lossGradients.params(), result.gradients(), step, lr, rowIds);
    ctx.assign(count, tf.math.add(step, tf.constant(1L)));
    return result.total();
  }

  @Override
  public final List<Operand<TFloat32>> minimizeAcrossWorkers(StepContext ctx,
      Operand<TFloat32> lossSum, List<Operand<TFloat32>> sums, CrossReplicaSum allReduce) {
    Ops tf = ctx.tf();
    List<Variable<?>> params = lossGradients.params();
    Map<Integer, StepContext.Lookup> sparse = SparseLookups.of(ctx, params);
    Map<Integer, Operand<?>> rows = new HashMap<>();
    sparse.forEach((i, lookup) -> rows.put(i, lookup.rows()));
    List<Operand<TFloat32>> local = lossGradients.dataGradients(ctx, lossSum, rows);
    List<Variable<?>> denseParams = new ArrayList<>();
    List<Operand<TFloat32>> denseLocal = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (!sparse.containsKey(i)) {
        denseParams.add(params.get(i));
        denseLocal.add(local.get(i));
      }
    }
    GradientPacking packing = new GradientPacking(denseParams, sums.size());
    Operand<TFloat32> summed = allReduce.sum(ctx, packing.pack(tf, denseLocal, sums));
    List<Operand<TFloat32>> reducedSums = packing.sums(tf, summed);
    Operand<TFloat32> weight = tf.math.maximum(reducedSums.get(reducedSums.size() - 1),
        tf.constant(1e-12f));
    List<Operand<TFloat32>> denseSummed = packing.gradients(tf, summed);
    List<Operand<TFloat32>> mean = new ArrayList<>();
    Map<Integer, Operand<TInt32>> rowIds = new HashMap<>();
    for (int i = 0, d = 0; i < params.size(); i++) {
      Operand<TFloat32> g;
      if (sparse.containsKey(i)) {
        SparseLookups.Summed rowsSummed =
            SparseLookups.summedGradient(ctx, allReduce, sparse.get(i), local.get(i));
        g = rowsSummed.gradient();
        if (updatesRowsOf(i)) {
          rowIds.put(i, rowsSummed.ids());
        }
      } else {
        g = denseSummed.get(d++);
      }
      mean.add(tf.math.div(g, weight));
    }
    List<Operand<TFloat32>> gradients = lossGradients.regularised(ctx, mean);
    Operand<TInt64> step = ctx.read(count);
    Operand<TFloat32> lr = tf.math.mul(Scalars.of(tf, learningRate, TFloat32.class),
        schedule.factor(tf, step, TFloat32.class));
    applyUpdates(ctx, params, gradients, step, lr, rowIds);
    ctx.assign(count, tf.math.add(step, tf.constant(1L)));
    return reducedSums;
  }

  /**
   * Whether the rule updates an embedding table only in the rows a batch looks up ({@link
   * #applyUpdates}'s {@code rowIds}); false: every parameter is updated whole.
   */
  boolean lazyRows() {
    return false;
  }

  /**
   * The tables updated row by row, by parameter index: with {@link #lazyRows}, those read by one
   * recorded lookup and nothing else, as {@link SparseLookups} finds them, and not L2-penalised.
   */
  private Map<Integer, StepContext.Lookup> lazyLookups(StepContext ctx) {
    if (!lazyRows()) {
      return Map.of();
    }
    Map<Integer, StepContext.Lookup> lazy =
        new LinkedHashMap<>(SparseLookups.of(ctx, lossGradients.params()));
    lazy.keySet().removeIf(i -> !updatesRowsOf(i));
    return lazy;
  }

  /** Whether parameter {@code i}, if a table read only by its lookup, is updated row by row. */
  private boolean updatesRowsOf(int i) {
    return lazyRows() && !lossGradients.penalised(i);
  }

  /**
   * Assigns the new parameters (and the rule's own state).
   *
   * @param gradients one per parameter, in order (dense, also for a table in {@code rowIds})
   * @param step <int64>[] updates applied before this one
   * @param lr <T>[] the learning rate of this update
   * @param rowIds by parameter index, <int32>[n] the rows of a table this step looked up
   *     (repeats allowed), when {@link #lazyRows}: only those rows are to be updated
   */
  abstract <T extends TFloating> void applyUpdates(StepContext ctx, List<Variable<?>> params,
      List<Operand<T>> gradients, Operand<TInt64> step, Operand<T> lr,
      Map<Integer, Operand<TInt32>> rowIds);
}
