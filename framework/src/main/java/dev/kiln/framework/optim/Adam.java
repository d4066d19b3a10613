package dev.kiln.framework.optim;

import dev.kiln.framework.Scalars;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Adam as plain ops and {@code AssignVariableOp}s (so XLA compiles it with the rest of the step),
 * with optax.adam's semantics:
 *
 * <pre>
 *   t  = count + 1
 *   m  = β1·m + (1-β1)·g          v = β2·v + (1-β2)·g²
 *   m̂  = m / (1-β1^t)             v̂ = v / (1-β2^t)
 *   p  = p - lr · m̂ / (sqrt(v̂) + eps)        (eps outside the square root)
 * </pre>
 *
 * <p>Variables (non-trainable, in the same store): {@code <scope>/count} <int64>[] and, per
 * parameter {@code P}, {@code <scope>/P/m} and {@code <scope>/P/v} shaped like {@code P}.
 * Gradients are taken with {@link Gradients#of} ({@code Graph.addGradients}) w.r.t. the parameters'
 * read values; a parameter the loss does not depend on gets a zero gradient (and so no update).
 *
 * <p>With {@link AdamConfig#lazyRows} (LazyAdam), a table whose rows the step looked up gets the
 * update above in those rows only: {@code m}, {@code v} and the parameter are gathered at the
 * ids, updated with the table's (summed) gradient there and scattered back; the bias
 * corrections use the global step, as for every other parameter. Rows a batch does not touch
 * keep their moments, where the exact rule decays them and still moves the row.
 */
public final class Adam extends GradientOptimizer {
  private final AdamConfig config;
  private final List<Variable<?>> m = new ArrayList<>();
  private final List<Variable<?>> v = new ArrayList<>();

  /**
   * @param scope where slots go, e.g. {@code store.scope("adam")}
   * @param params the parameters to update (usually {@code store.trainable()})
   * @param l2Params the subset penalised by {@code config.l2()} (may be empty)
   */
  public Adam(ParameterStore scope, List<Variable<?>> params, List<Variable<?>> l2Params, AdamConfig config) {
    this(scope, params, l2Params, config, LearningRateSchedule.constant());
  }

  /** As above, the learning rate multiplied by {@code schedule} at each step. */
  public Adam(ParameterStore scope, List<Variable<?>> params, List<Variable<?>> l2Params,
      AdamConfig config, LearningRateSchedule schedule) {
    super(scope, params, l2Params, config.learningRate(), config.l2(), config.clipNorm(), schedule);
    this.config = config;
    for (Variable<?> p : params) {
      m.add(scope.state(p.name() + "/m", p.dtype(), p.shape(), Initializers.zeros()));
      v.add(scope.state(p.name() + "/v", p.dtype(), p.shape(), Initializers.zeros()));
    }
  }

  @Override
  boolean lazyRows() {
    return config.lazyRows();
  }

  @Override
  @SuppressWarnings("unchecked")
  <T extends TFloating> void applyUpdates(StepContext ctx, List<Variable<?>> params,
      List<Operand<T>> g, Operand<TInt64> step, Operand<T> lr,
      Map<Integer, Operand<TInt32>> rowIds) {
    Ops tf = ctx.tf();
    Class<T> type = lr.type();
    Operand<T> t = tf.dtypes.cast(tf.math.add(step, tf.constant(1L)), type);
    Operand<T> one = Scalars.of(tf, 1, type);
    Operand<T> b1 = Scalars.of(tf, config.beta1(), type);
    Operand<T> b2 = Scalars.of(tf, config.beta2(), type);
    Rule<T> rule = new Rule<>(tf, one, b1, b2, tf.math.sub(one, tf.math.pow(b1, t)),
        tf.math.sub(one, tf.math.pow(b2, t)), Scalars.of(tf, config.eps(), type), lr);
    for (int i = 0; i < params.size(); i++) {
      Variable<T> p = (Variable<T>) params.get(i);
      Variable<T> mi = (Variable<T>) m.get(i);
      Variable<T> vi = (Variable<T>) v.get(i);
      Operand<TInt32> ids = rowIds.get(i);
      if (ids == null) {
        Rule.Result<T> r = rule.apply(ctx.read(p), ctx.read(mi), ctx.read(vi), g.get(i));
        ctx.assign(mi, r.m());
        ctx.assign(vi, r.v());
        ctx.assign(p, r.p());
      } else {
        // The moments' rows come straight from their variables (ResourceGather): once a
        // variable is scatter-updated, TensorFlow's executor copies it whole at every full read.
        Operand<TInt32> axis = tf.constant(0);
        Rule.Result<T> r = rule.apply(tf.gather(ctx.read(p), ids, axis), ctx.readRows(mi, ids),
            ctx.readRows(vi, ids), tf.gather(g.get(i), ids, axis));
        ctx.scatterUpdate(mi, ids, r.m());
        ctx.scatterUpdate(vi, ids, r.v());
        ctx.scatterUpdate(p, ids, r.p());
      }
    }
  }

  /**
   * The update rule of one step, on whole parameters or on rows of them alike.
   *
   * @param bc1 1 - β1^t
   * @param bc2 1 - β2^t
   */
  private record Rule<T extends TFloating>(Ops tf, Operand<T> one, Operand<T> b1, Operand<T> b2,
      Operand<T> bc1, Operand<T> bc2, Operand<T> eps, Operand<T> lr) {
    record Result<T extends TFloating>(Operand<T> p, Operand<T> m, Operand<T> v) {}

    Result<T> apply(Operand<T> p, Operand<T> m, Operand<T> v, Operand<T> g) {
      Operand<T> mNew = tf.math.add(tf.math.mul(b1, m), tf.math.mul(tf.math.sub(one, b1), g));
      Operand<T> vNew =
          tf.math.add(tf.math.mul(b2, v), tf.math.mul(tf.math.sub(one, b2), tf.math.square(g)));
      Operand<T> mHat = tf.math.div(mNew, bc1);
      Operand<T> vHat = tf.math.div(vNew, bc2);
      Operand<T> update = tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), eps));
      return new Result<>(tf.math.sub(p, tf.math.mul(lr, update)), mNew, vNew);
    }
  }
}
