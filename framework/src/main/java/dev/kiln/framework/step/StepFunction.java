package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.OpDef.ArgDef;

/**
 * One TensorFlow function cut from a step's body graph (its arguments are placeholders of the
 * body, its results operands of it), and the {@code StatefulPartitionedCall} that runs it from
 * the main graph: with {@code _XlaMustCompile=true} under {@link Jit#XLA}, so that TensorFlow
 * compiles the whole function into one XLA computation.
 */
final class StepFunction {
  private StepFunction() {}

  /**
   * @param arguments placeholders of {@code body}, in argument order (named {@code arg_<i>} or
   *     {@code boundary_<i>})
   * @param results what the function returns, in order
   */
  static ConcreteFunction create(Graph body, String name, List<Operand<?>> arguments,
      List<Operand<?>> results) {
    Signature.Builder sig = Signature.builder().key(name).methodName(name);
    for (Operand<?> a : arguments) {
      sig.input(a.op().name(), a);
    }
    for (int o = 0; o < results.size(); o++) {
      sig.output("out_" + o, results.get(o));
    }
    ConcreteFunction fn = ConcreteFunction.create(sig.build(), body);
    List<ArgDef> argDefs = fn.getFunctionDef().getSignature().getInputArgList();
    List<String> expected = arguments.stream().map(a -> a.op().name()).toList();
    if (!argDefs.stream().map(ArgDef::getName).toList().equals(expected)) {
      fn.close();
      throw new IllegalStateException("function " + name + ": arguments out of order: "
          + argDefs + ", expected " + expected);
    }
    return fn;
  }

  /** Adds the call of {@code fn} on {@code inputs} (main-graph values) to {@code graph}. */
  static List<Output<?>> call(Graph graph, String opName, ConcreteFunction fn,
      List<Output<?>> inputs, Jit jit) {
    DataType[] tin = fn.getFunctionDef().getSignature().getInputArgList().stream()
        .map(ArgDef::getType).toArray(DataType[]::new);
    DataType[] tout = fn.getFunctionDef().getSignature().getOutputArgList().stream()
        .map(ArgDef::getType).toArray(DataType[]::new);
    var builder = graph.opBuilder("StatefulPartitionedCall", opName, graph.baseScope())
        .addInputList(inputs.toArray(new Output<?>[0]))
        .setAttr("Tin", tin)
        .setAttr("Tout", tout)
        .setAttr("f", fn);
    if (jit == Jit.XLA) {
      builder.setAttr("_XlaMustCompile", true);
    }
    GraphOperation op = (GraphOperation) builder.build();
    List<Output<?>> outs = new ArrayList<>();
    for (int i = 0; i < tout.length; i++) {
      outs.add(op.output(i));
    }
    return outs;
  }

  /** The ops {@code results} need, through data and control edges, themselves included. */
  static Set<GraphOperation> upstream(Graph body, List<Operand<?>> results) {
    Set<GraphOperation> ops = new LinkedHashSet<>(body.subgraphTo(new HashSet<>(results)));
    results.forEach(r -> ops.add((GraphOperation) r.op()));
    return ops;
  }
}
