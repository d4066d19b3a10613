package dev.kiln.framework.optim;

import dev.kiln.framework.Scalars;
import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * What every optimizer does before its own update rule: adds an L2 penalty {@code c · Σ ||p||²}
 * on chosen parameters to the loss, differentiates w.r.t. every optimised parameter ({@link
 * Gradients#of}), and optionally scales the gradients to a maximum global norm
 * (optax.clip_by_global_norm).
 */
final class LossGradients {
  private final List<Variable<?>> params;
  private final List<Variable<?>> l2Params;
  private final double l2;
  private final double clipNorm;

  /**
   * @param l2Params the subset of {@code params} the penalty applies to (may be empty)
   * @param l2 the penalty coefficient c; 0 turns it off
   * @param clipNorm the maximum global gradient norm; 0 turns clipping off
   */
  LossGradients(List<Variable<?>> params, List<Variable<?>> l2Params, double l2, double clipNorm) {
    for (Variable<?> p : l2Params) {
      if (!params.contains(p)) {
        throw new IllegalArgumentException(
            "L2 parameter " + p.name() + " is not among the optimised parameters");
      }
    }
    this.params = List.copyOf(params);
    this.l2Params = List.copyOf(l2Params);
    this.l2 = l2;
    this.clipNorm = clipNorm;
  }

  /**
   * @param total <T>[] the loss minimised: data loss plus the L2 penalty
   * @param gradients d total / d p, in the order of the parameters, clipped if configured
   */
  record Result<T extends TFloating>(Operand<T> total, List<Operand<T>> gradients) {}

  List<Variable<?>> params() {
    return params;
  }

  /** Whether the L2 penalty applies to parameter {@code i}. */
  boolean penalised(int i) {
    return l2 != 0 && l2Params.contains(params.get(i));
  }

  <T extends TFloating> Result<T> compute(StepContext ctx, Operand<T> loss) {
    return compute(ctx, loss, Map.of());
  }

  /**
   * As {@link #compute(StepContext, Operand)}, but for each parameter index in {@code lookups}
   * (a table read by that lookup alone) the gradient is taken w.r.t. the looked-up rows and
   * summed into the table's rows with {@code UnsortedSegmentSum}, which is what TensorFlow's own
   * gradient of {@code GatherV2} computes: the same [vocab, dim] tensor, built where the caller
   * also has the ids.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  <T extends TFloating> Result<T> compute(StepContext ctx, Operand<T> loss,
      Map<Integer, StepContext.Lookup> lookups) {
    Ops tf = ctx.tf();
    Class<T> type = loss.type();
    Operand<T> total = loss;
    if (l2 != 0 && !l2Params.isEmpty()) {
      Operand<T> penalty = null;
      for (Variable<?> p : l2Params) {
        Operand<T> r = (Operand<T>) ctx.read((Variable) p);
        Operand<T> s = tf.reduceSum(tf.math.square(r), allAxes(tf, r));
        penalty = penalty == null ? s : tf.math.add(penalty, s);
      }
      total = tf.math.add(loss, tf.math.mul(Scalars.of(tf, l2, type), penalty));
    }
    List<Operand<?>> xs = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      StepContext.Lookup lookup = lookups.get(i);
      xs.add(lookup != null ? lookup.rows() : ctx.read((Variable) params.get(i)));
    }
    List<Operand<T>> g = new ArrayList<>();
    for (Operand<?> gi : Gradients.of(tf, ctx.graph(), total, xs)) {
      g.add((Operand<T>) gi);
    }
    for (Map.Entry<Integer, StepContext.Lookup> e : lookups.entrySet()) {
      StepContext.Lookup lookup = e.getValue();
      g.set(e.getKey(),
          SparseLookups.tableGradient(tf, lookup.table(), g.get(e.getKey()), lookup.ids()));
    }
    if (clipNorm > 0) {
      g = clipByGlobalNorm(tf, g, clipNorm, type);
    }
    return new Result<>(total, g);
  }

  /**
   * d lossSum / d p for every parameter, without the penalty or clipping: one worker's share of
   * a data-parallel step's gradients, summed over the workers before {@link #regularised}.
   *
   * @param replacements by parameter index, a tensor to differentiate w.r.t. in place of the
   *     parameter's value (the rows looked up from an embedding table)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Operand<TFloat32>> dataGradients(StepContext ctx, Operand<TFloat32> lossSum,
      Map<Integer, Operand<?>> replacements) {
    List<Operand<?>> xs = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      xs.add(replacements.getOrDefault(i, ctx.read((Variable) params.get(i))));
    }
    List<Operand<TFloat32>> g = new ArrayList<>();
    for (Operand<?> gi : Gradients.of(ctx.tf(), ctx.graph(), lossSum, xs)) {
      g.add((Operand<TFloat32>) gi);
    }
    return g;
  }

  /**
   * The gradients of the mean data loss with the L2 penalty's gradient {@code 2c·p} added and
   * clipped as configured: the rest of {@link #compute} once the data gradients are known.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Operand<TFloat32>> regularised(StepContext ctx, List<Operand<TFloat32>> dataGradients) {
    Ops tf = ctx.tf();
    List<Operand<TFloat32>> g = new ArrayList<>(dataGradients);
    if (l2 != 0) {
      for (Variable<?> p : l2Params) {
        int i = params.indexOf(p);
        Operand<TFloat32> r = (Operand<TFloat32>) ctx.read((Variable) p);
        // As the gradient of c·Σ r² comes out of addGradients: c · (2 · r).
        g.set(i, tf.math.add(g.get(i), tf.math.mul(Scalars.of(tf, l2, TFloat32.class),
            tf.math.mul(tf.constant(2f), r))));
      }
    }
    return clipNorm > 0 ? clipByGlobalNorm(tf, g, clipNorm, TFloat32.class) : g;
  }

  /** g·clip/max(‖g‖, clip) with ‖g‖ the global L2 norm over all gradients. */
  static <T extends TFloating> List<Operand<T>> clipByGlobalNorm(
      Ops tf, List<Operand<T>> g, double clip, Class<T> type) {
    Operand<T> sq = null;
    for (Operand<T> gi : g) {
      Operand<T> s = tf.reduceSum(tf.math.square(gi), allAxes(tf, gi));
      sq = sq == null ? s : tf.math.add(sq, s);
    }
    Operand<T> norm = tf.math.sqrt(sq);
    Operand<T> c = Scalars.of(tf, clip, type);
    Operand<T> scale = tf.math.div(c, tf.math.maximum(norm, c));
    List<Operand<T>> out = new ArrayList<>();
    for (Operand<T> gi : g) {
      out.add(tf.math.mul(gi, scale));
    }
    return out;
  }

  private static Operand<TInt32> allAxes(Ops tf, Operand<?> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }
}
