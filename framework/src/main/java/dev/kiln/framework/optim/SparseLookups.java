package dev.kiln.framework.optim;

import dev.kiln.framework.step.StepContext;
import dev.kiln.framework.variables.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Embedding tables whose gradient a data-parallel step exchanges as rows: a table read by exactly
 * one recorded lookup and nothing else has, as gradient, the rows' gradients summed into the ids'
 * rows ({@code UnsortedSegmentSum}, as TensorFlow's own gradient of {@code GatherV2} does). Each
 * worker sends its batch's rows and ids (an all-gather of {@code rows × (dim + 1)} floats) instead
 * of the whole table's gradient (an all-reduce of {@code vocab × dim}); every worker then sums the
 * same rows in the same order (worker 0's rows first, as in the global batch).
 */
final class SparseLookups {
  private SparseLookups() {}

  /** The lookups of {@code params} that can go sparse, by parameter index. */
  static Map<Integer, StepContext.Lookup> of(StepContext ctx, List<Variable<?>> params) {
    Map<Integer, StepContext.Lookup> sparse = new LinkedHashMap<>();
    List<StepContext.Lookup> lookups = ctx.lookups();
    for (int i = 0; i < params.size(); i++) {
      Variable<?> p = params.get(i);
      List<StepContext.Lookup> ofP = lookups.stream().filter(l -> l.table() == p).toList();
      if (ofP.size() != 1 || p.dtype() != TFloat32.class || p.shape().numDimensions() != 2) {
        continue;
      }
      Set<GraphOperation> readers = ((GraphOperation) ctx.read(p).op()).consumers();
      if (readers.equals(Set.of((GraphOperation) ofP.get(0).rows().op()))) {
        sparse.put(i, ofP.get(0));
      }
    }
    return sparse;
  }

  /**
   * @param gradient <float32>[vocab, dim] a table's gradient summed over every worker
   * @param ids <int32>[rows] the ids every worker looked up, worker 0's first
   */
  record Summed(Operand<TFloat32> gradient, Operand<TInt32> ids) {}

  /** @param rowsGradient <float32>[..., dim] this worker's gradient w.r.t. the looked-up rows */
  static Summed summedGradient(StepContext ctx, CrossReplicaSum workers,
      StepContext.Lookup lookup, Operand<TFloat32> rowsGradient) {
    Ops tf = ctx.tf();
    long[] shape = lookup.table().shape().asArray();
    int dim = (int) shape[1];
    Operand<TFloat32> rows = tf.reshape(rowsGradient, tf.constant(new int[] {-1, dim}));
    // Ids ride along as one more float column (exact below 2^24), so one all-gather carries both.
    Operand<TFloat32> ids = tf.reshape(tf.dtypes.cast(lookup.ids(), TFloat32.class),
        tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> all = workers.gather(ctx, tf.concat(List.of(rows, ids), tf.constant(1)));
    Operand<TFloat32> allRows =
        tf.slice(all, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, dim}));
    Operand<TInt32> allIds = tf.reshape(tf.dtypes.cast(
        tf.slice(all, tf.constant(new int[] {0, dim}), tf.constant(new int[] {-1, 1})),
        TInt32.class), tf.constant(new int[] {-1}));
    return new Summed(tableGradient(tf, lookup.table(), allRows, allIds), allIds);
  }

  /**
   * A table's gradient from its looked-up rows' gradients, summed into the ids' rows: what
   * TensorFlow's own gradient of {@code GatherV2} computes.
   *
   * @param rowsGradient <T>[..., dim] the gradient w.r.t. the rows looked up at {@code ids}
   * @param ids <int32>[n] the ids, flattened
   * @return <T>[vocab, dim]
   */
  static <T extends TFloating> Operand<T> tableGradient(Ops tf, Variable<?> table,
      Operand<T> rowsGradient, Operand<TInt32> ids) {
    long[] shape = table.shape().asArray();
    Operand<T> rows = tf.reshape(rowsGradient, tf.constant(new int[] {-1, (int) shape[1]}));
    return tf.math.unsortedSegmentSum(rows, ids, tf.constant((int) shape[0]));
  }
}
