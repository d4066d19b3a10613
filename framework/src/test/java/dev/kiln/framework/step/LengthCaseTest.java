package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class LengthCaseTest {
  static final int WIDTH = 20;
  static final List<Integer> PADDED = List.of(8, 16, 20);

  /**
   * A body whose answer names its branch: row b gives 1000·time + scale·Σ ids[b, :time], so the
   * test sees both which branch ran and which columns it was given.
   */
  static float[] run(int[][] ids, int[] lengths) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ParameterStore store = new ParameterStore(g, 0);
      Variable<TFloat32> scale = store.variable("scale", TFloat32.class, Shape.scalar(),
          Initializers.constant(1));
      Placeholder<TInt32> idsIn =
          tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, WIDTH)));
      Placeholder<TInt32> lengthsIn = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> out = LengthCase.build(g, "case", PADDED, idsIn, lengthsIn,
          TFloat32.class, (ctx, cut, len) -> {
            Ops f = ctx.tf();
            long time = cut.shape().get(1);
            Operand<TFloat32> sum = f.dtypes.cast(f.reduceSum(cut, f.constant(1)), TFloat32.class);
            return f.math.add(f.math.mul(sum, ctx.read(scale)), f.constant(1000f * time));
          });
      assertEquals(3, g.toGraphDef().getLibrary().getFunctionList().stream()
          .filter(fn -> fn.getSignature().getName().startsWith("case_t")).count(),
          "one function per padded length in the graph's library");
      try (Session s = new Session(g);
          TInt32 idsT = TInt32.tensorOf(Shape.of(ids.length, WIDTH), DataBuffers.of(
              Arrays.stream(ids).flatMapToInt(Arrays::stream).toArray(), true, false));
          TInt32 lengthsT = TInt32.vectorOf(lengths)) {
        store.initialize(s);
        try (Result r = s.runner().feed(idsIn, idsT).feed(lengthsIn, lengthsT).fetch(out).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          float[] values = new float[(int) t.size()];
          t.asRawTensor().data().asFloats().read(values);
          return values;
        }
      }
    }
  }

  /** Rows of ones: row i has ones in its first lengths[i] columns. */
  static int[][] ones(int... lengths) {
    int[][] ids = new int[lengths.length][WIDTH];
    for (int i = 0; i < lengths.length; i++) {
      for (int t = 0; t < Math.min(lengths[i], WIDTH); t++) {
        ids[i][t] = 1;
      }
    }
    return ids;
  }

  @Test
  void runsTheShortestPaddedLengthCoveringTheLongestRow() {
    assertArrayEquals(new float[] {8001}, run(ones(1), new int[] {1}));
    assertArrayEquals(new float[] {8008, 8003}, run(ones(8, 3), new int[] {8, 3}));
    assertArrayEquals(new float[] {16009, 16002}, run(ones(9, 2), new int[] {9, 2}));
    assertArrayEquals(new float[] {16016}, run(ones(16), new int[] {16}));
    assertArrayEquals(new float[] {20017}, run(ones(17), new int[] {17}));
    assertArrayEquals(new float[] {20003, 20020}, run(ones(3, 20), new int[] {3, 20}));
  }

  @Test
  void lengthsPastTheWidthRunTheLongestAndNoRowsOrZeroLengthsTheShortest() {
    assertArrayEquals(new float[] {20020}, run(ones(20), new int[] {25}));
    assertArrayEquals(new float[] {8000}, run(ones(0), new int[] {0}));
    assertArrayEquals(new float[] {8000}, run(ones(0), new int[] {-3}));
    assertEquals(0, run(new int[0][WIDTH], new int[0]).length);
  }

  @Test
  void refusesPaddedLengthsThatDoNotEndAtTheWidth() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> ids = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, 20)));
      Placeholder<TInt32> lengths = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      LengthCase.Body<TFloat32> body =
          (ctx, cut, len) -> ctx.tf().dtypes.cast(len, TFloat32.class);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LengthCase.build(g, "c", List.of(8, 16), ids, lengths, TFloat32.class, body));
      assertEquals("the last padded length must be the ids' width 20, got [8, 16]",
          e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> LengthCase.build(g, "c", List.of(16, 8, 20), ids, lengths, TFloat32.class, body));
    }
  }
}
