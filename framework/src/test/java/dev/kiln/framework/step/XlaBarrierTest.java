package dev.kiln.framework.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.framework.Jit;
import dev.kiln.framework.layers.RecurrentLayer;
import dev.kiln.framework.variables.ParameterStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Under XLA a recurrent layer passes its state through one identity constant for all its steps:
 * a constant per step made the library of unrolled functions over 100 MiB for the SST-2 LSTM.
 */
class XlaBarrierTest {
  static final int B = 3;
  static final int D = 4;
  static final int H = 5;
  static final int TIME = 6;

  @ParameterizedTest
  @ValueSource(strings = {"lstm", "gru"})
  void anUnrolledLayerHoldsOneIdentityUnderXlaAndAMatmulPerStepBoundary(String cell) {
    Map<Jit, FunctionDef> functions = new EnumMap<>(Jit.class);
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      RecurrentLayer<TFloat32> layer = RecurrentLayer.create(cell, store, D, H, TFloat32.class);
      Map<Jit, CompiledStep> steps = new EnumMap<>(Jit.class);
      try {
        for (Jit jit : Jit.values()) {
          steps.put(jit, CompiledStep.build(g, "apply_" + jit.name().toLowerCase(), jit, ctx ->
              ctx.output("last", layer.apply(ctx,
                  ctx.input("x", TFloat32.class, Shape.of(B, TIME, D)),
                  ctx.input("lengths", TInt32.class, Shape.of(B))).last())));
        }
        GraphDef def = g.toGraphDef();
        for (Jit jit : Jit.values()) {
          // TensorFlow appends a hash of the body to the name it stores
          String name = steps.get(jit).functionName();
          functions.put(jit, def.getLibrary().getFunctionList().stream()
              .filter(f -> f.getSignature().getName().startsWith(name + "_")).findFirst()
              .orElseThrow(() -> new AssertionError(name + " not in " + def.getLibrary()
                  .getFunctionList().stream().map(f -> f.getSignature().getName()).toList())));
        }
      } finally {
        steps.values().forEach(CompiledStep::close);
      }
    }
    assertEquals(1, squareConstants(functions.get(Jit.XLA)), "[H, H] constants under XLA");
    assertEquals(0, squareConstants(functions.get(Jit.NONE)), "[H, H] constants without XLA");
    assertEquals(TIME - 1, count(functions.get(Jit.XLA), "MatMul")
        - count(functions.get(Jit.NONE), "MatMul"), "identity matmuls between the steps");
  }

  /** The function's constants of shape [H, H] (an identity matrix's). */
  private static long squareConstants(FunctionDef f) {
    return f.getNodeDefList().stream().filter(n -> n.getOp().equals("Const"))
        .map(n -> n.getAttrOrThrow("value").getTensor().getTensorShape().getDimList().stream()
            .map(TensorShapeProto.Dim::getSize).toList())
        .filter(dims -> dims.equals(List.of((long) H, (long) H))).count();
  }

  private static long count(FunctionDef f, String op) {
    return f.getNodeDefList().stream().map(NodeDef::getOp).filter(op::equals).count();
  }
}
