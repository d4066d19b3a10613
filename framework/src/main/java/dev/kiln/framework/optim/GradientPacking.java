package dev.kiln.framework.optim;

import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Every gradient and a few scalar sums flattened into one <float32>[n] vector, so a
 * data-parallel step sums them over the workers with a single all-reduce, and cut back apart.
 * Layout: each parameter's gradient in parameter order, row-major, then the scalars.
 */
final class GradientPacking {
  private final List<Variable<?>> params;
  private final int scalars;

  GradientPacking(List<Variable<?>> params, int scalars) {
    this.params = params;
    this.scalars = scalars;
  }

  /** <float32>[Σ sizes + scalars] the flattened gradients, then the scalars. */
  Operand<TFloat32> pack(Ops tf, List<Operand<TFloat32>> gradients, List<Operand<TFloat32>> sums) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      parts.add(tf.reshape(g, tf.constant(new int[] {-1})));
    }
    for (Operand<TFloat32> s : sums) {
      parts.add(tf.reshape(s, tf.constant(new int[] {1})));
    }
    return tf.concat(parts, tf.constant(0));
  }

  /** The gradients in {@code packed}, each shaped as its parameter. */
  List<Operand<TFloat32>> gradients(Ops tf, Operand<TFloat32> packed) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    int offset = 0;
    for (Variable<?> p : params) {
      int size = (int) p.shape().size();
      out.add(tf.reshape(slice(tf, packed, offset, size), tf.constant(p.shape().asArray())));
      offset += size;
    }
    return out;
  }

  /** The scalars in {@code packed}, in order, each <float32>[]. */
  List<Operand<TFloat32>> sums(Ops tf, Operand<TFloat32> packed) {
    int offset = 0;
    for (Variable<?> p : params) {
      offset += (int) p.shape().size();
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < scalars; i++) {
      out.add(tf.reshape(slice(tf, packed, offset + i, 1), tf.constant(new int[0])));
    }
    return out;
  }

  private static Operand<TFloat32> slice(Ops tf, Operand<TFloat32> packed, int offset, int size) {
    return tf.slice(packed, tf.constant(new int[] {offset}), tf.constant(new int[] {size}));
  }
}
