package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.internal.types.registry.TensorTypeRegistry;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.OpDef.ArgDef;
import org.tensorflow.proto.RunOptions;

/**
 * A step (train or eval) built once as a TensorFlow function and called from the main graph by
 * one {@code StatefulPartitionedCall} op.
 *
 * <p>With {@link Jit#XLA} the call op carries {@code _XlaMustCompile=true}, so TensorFlow compiles
 * the whole body (variable reads, forward, gradients, optimizer assignments) into one XLA
 * computation. With {@link Jit#NONE} the same function is run by the executor. The graph is the
 * same in both modes; only that attribute differs.
 *
 * <p>Variables are passed to the function as resource handles (arguments), so the body never
 * holds a {@code VarHandleOp}. See {@code framework/XLA_NOTES.md}.
 */
public final class CompiledStep implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long COLLECTIVE_GRAPH_KEY = 1;

  private final String name;
  private final String functionName;
  private final List<StepArgument> arguments;
  private final Jit jit;
  private final ConcreteFunction function;
  private final Map<String, Placeholder<?>> inputs;
  private final List<String> outputNames;
  private final List<Output<?>> outputs;
  // Non-null for a step holding collectives: TensorFlow runs a collective inside a function only
  // with a non-zero collective_graph_key ("Failed to get CollectiveExecutor" otherwise).
  private RunOptions runOptions;

  private CompiledStep(String name, String functionName, List<StepArgument> arguments, Jit jit,
      ConcreteFunction function, Map<String, Placeholder<?>> inputs, List<String> outputNames,
      List<Output<?>> outputs) {
    this.name = name;
    this.functionName = functionName;
    this.arguments = arguments;
    this.jit = jit;
    this.function = function;
    this.inputs = inputs;
    this.outputNames = outputNames;
    this.outputs = outputs;
  }

  /**
   * Builds {@code body} as a function and adds a call to it to {@code graph}.
   *
   * @param graph the main graph, which holds the variables the body reads and assigns
   * @param name a name for the call op and the function (e.g. {@code train_step})
   */
  public static CompiledStep build(Graph graph, String name, Jit jit, StepBody body) {
    String fnName = name + "_" + COUNTER.incrementAndGet();
    ConcreteFunction fn;
    StepContext ctx;
    try (Graph fg = new Graph()) {
      ctx = new StepContext(fg, jit);
      body.build(ctx);
      if (ctx.outputs().isEmpty()) {
        throw new IllegalStateException("step '" + name + "' declares no output");
      }
      Ops after = ctx.tf().withControlDependencies(ctx.assigns());
      Signature.Builder sig = Signature.builder().key(fnName).methodName(fnName);
      int i = 0;
      for (StepContext.Arg a : ctx.args()) {
        sig.input("arg_" + i++, a.placeholder());
      }
      int o = 0;
      for (Map.Entry<String, Operand<?>> e : ctx.outputs().entrySet()) {
        sig.output("out_" + o, after.withName("out_" + o).identity(e.getValue()));
        o++;
      }
      fn = ConcreteFunction.create(sig.build(), fg);
    }
    List<ArgDef> argDefs = fn.getFunctionDef().getSignature().getInputArgList();
    for (int i = 0; i < argDefs.size(); i++) {
      if (!argDefs.get(i).getName().equals("arg_" + i)) {
        fn.close();
        throw new IllegalStateException("function arguments out of order: " + argDefs);
      }
    }

    Ops tf = Ops.create(graph).withSubScope(name);
    List<Output<?>> callArgs = new ArrayList<>();
    List<DataType> tin = new ArrayList<>();
    Map<String, Placeholder<?>> inputs = new LinkedHashMap<>();
    List<StepArgument> arguments = new ArrayList<>();
    for (StepContext.Arg a : ctx.args()) {
      arguments.add(a.variable() != null
          ? new StepArgument(true, a.variable().name(),
              TensorTypeRegistry.find(a.variable().dtype()).dataType(),
              StepArgument.dims(a.variable().shape()))
          : new StepArgument(false, a.inputName(), a.dtype(), StepArgument.dims(a.inputShape())));
      if (a.variable() != null) {
        callArgs.add(a.variable().handle().asOutput());
      } else {
        Placeholder<?> p = tf.withName(a.inputName()).placeholder(a.inputType(), Placeholder.shape(a.inputShape()));
        inputs.put(a.inputName(), p);
        callArgs.add(p.asOutput());
      }
      tin.add(a.dtype());
    }
    DataType[] tout = fn.getFunctionDef().getSignature().getOutputArgList().stream()
        .map(ArgDef::getType).toArray(DataType[]::new);
    var builder = graph.opBuilder("StatefulPartitionedCall", name + "/call", graph.baseScope())
        .addInputList(callArgs.toArray(new Output<?>[0]))
        .setAttr("Tin", tin.toArray(new DataType[0]))
        .setAttr("Tout", tout)
        .setAttr("f", fn);
    if (jit == Jit.XLA) {
      builder.setAttr("_XlaMustCompile", true);
    }
    GraphOperation call = (GraphOperation) builder.build();
    List<Output<?>> outs = new ArrayList<>();
    for (int i = 0; i < tout.length; i++) {
      outs.add(call.output(i));
    }
    CompiledStep step = new CompiledStep(name, fnName, List.copyOf(arguments), jit, fn, inputs,
        List.copyOf(ctx.outputs().keySet()), outs);
    if (ctx.collectives()) {
      step.runOptions = RunOptions.newBuilder().setExperimental(RunOptions.Experimental
          .newBuilder().setCollectiveGraphKey(COLLECTIVE_GRAPH_KEY)).build();
    }
    return step;
  }

  /** The step's name. */
  public String name() {
    return name;
  }

  /**
   * The name of the TensorFlow function the call runs; XLA names the module it compiles from it
   * {@code <functionName>_<hash>...}.
   */
  public String functionName() {
    return functionName;
  }

  /** The function's arguments in order: what XLA's bridge turns into the module's parameters. */
  public List<StepArgument> arguments() {
    return arguments;
  }

  /** How the step is executed. */
  public Jit jit() {
    return jit;
  }

  /** The names of the outputs, in the order {@link #run} returns them. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** The main-graph placeholder fed for input {@code name}. */
  public Placeholder<?> input(String name) {
    Placeholder<?> p = inputs.get(name);
    if (p == null) {
      throw new IllegalArgumentException("step '" + this.name + "' has no input '" + name + "'; inputs: " + inputs.keySet());
    }
    return p;
  }

  /** The main-graph output {@code name} of the call op. */
  public Output<?> output(String name) {
    int i = outputNames.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("step '" + this.name + "' has no output '" + name + "'; outputs: " + outputNames);
    }
    return outputs.get(i);
  }

  /**
   * Runs the step once. Every declared input must be fed.
   *
   * @return the outputs in {@link #outputNames()} order; the caller closes the result
   */
  public Result run(Session session, Map<String, ? extends Tensor> feeds) {
    if (!feeds.keySet().equals(inputs.keySet())) {
      throw new IllegalArgumentException("step '" + name + "' takes inputs " + inputs.keySet() + ", got " + feeds.keySet());
    }
    Session.Runner runner = session.runner();
    if (runOptions != null) {
      runner.setOptions(runOptions);
    }
    feeds.forEach((k, t) -> runner.feed(inputs.get(k), t));
    outputs.forEach(runner::fetch);
    return runner.run();
  }

  @Override
  public void close() {
    function.close();
  }
}
