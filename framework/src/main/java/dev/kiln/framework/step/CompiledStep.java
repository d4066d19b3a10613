package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.internal.types.registry.TensorTypeRegistry;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * A step (train or eval) built once as a TensorFlow function and called from the main graph by
 * one {@code StatefulPartitionedCall} op.
 *
 * <p>With {@link Jit#XLA} the call op carries {@code _XlaMustCompile=true}, so TensorFlow compiles
 * the whole body (variable reads, forward, gradients, optimizer assignments) into one XLA
 * computation. With {@link Jit#NONE} the same function is run by the executor. The graph is the
 * same in both modes; only that attribute differs.
 *
 * <p>A data-parallel train step under {@link Jit#XLA} on CPU, whose collectives XLA cannot
 * compile, is cut at its collectives ({@link StepContext#acrossWorkers}) into two functions, each
 * one XLA computation: {@code <name>_gradients_<n>} (everything the collectives' inputs need:
 * forward, loss, gradients, the sums to exchange) and {@code <name>_update_<n>} (everything after
 * them: the division by the global weight, regularisation, clipping, the optimizer's update and
 * the step's outputs). The collectives run between the two calls, in the main graph, by the
 * executor.
 *
 * <p>Variables are passed to the function as resource handles (arguments), so the body never
 * holds a {@code VarHandleOp}. See {@code framework/XLA_NOTES.md}.
 */
public final class CompiledStep implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long COLLECTIVE_GRAPH_KEY = 1;

  private final String name;
  private final List<String> functionNames;
  private final List<StepArgument> arguments;
  private final Jit jit;
  private final List<ConcreteFunction> functions;
  private final Map<String, Placeholder<?>> inputs;
  private final List<String> outputNames;
  private final List<Output<?>> outputs;
  // Non-null for a step holding collectives: TensorFlow runs a collective inside a function only
  // with a non-zero collective_graph_key ("Failed to get CollectiveExecutor" otherwise); a step
  // cut around its collectives uses the same key.
  private RunOptions runOptions;

  private CompiledStep(String name, List<String> functionNames, List<StepArgument> arguments,
      Jit jit, List<ConcreteFunction> functions, Map<String, Placeholder<?>> inputs,
      List<String> outputNames, List<Output<?>> outputs) {
    this.name = name;
    this.functionNames = functionNames;
    this.arguments = arguments;
    this.jit = jit;
    this.functions = functions;
    this.inputs = inputs;
    this.outputNames = outputNames;
    this.outputs = outputs;
  }

  /**
   * Builds {@code body} as a function (two, cut at its collectives, for a data-parallel step
   * under XLA on CPU) and adds the call to {@code graph}.
   *
   * @param graph the main graph, which holds the variables the body reads and assigns
   * @param name a name for the call op and the function (e.g. {@code train_step})
   */
  public static CompiledStep build(Graph graph, String name, Jit jit, StepBody body) {
    int n = COUNTER.incrementAndGet();
    try (Graph fg = new Graph()) {
      StepContext ctx = new StepContext(fg, jit);
      body.build(ctx);
      if (ctx.outputs().isEmpty()) {
        throw new IllegalStateException("step '" + name + "' declares no output");
      }
      Ops after = ctx.tf().withControlDependencies(ctx.assigns());
      List<Operand<?>> results = new ArrayList<>();
      int o = 0;
      for (Operand<?> value : ctx.outputs().values()) {
        results.add(after.withName("out_" + o++).identity(value));
      }
      MainGraphArguments main = new MainGraphArguments(graph, name, ctx.args());
      List<String> names = new ArrayList<>();
      List<ConcreteFunction> fns = new ArrayList<>();
      List<Output<?>> outs;
      try {
        if (ctx.boundaries().isEmpty()) {
          String fnName = name + "_" + n;
          List<StepContext.Arg> args = ctx.args();
          fns.add(StepFunction.create(fg, fnName, placeholders(args), results));
          names.add(fnName);
          outs = StepFunction.call(graph, name + "/call", fns.get(0), main.of(args), jit);
        } else {
          outs = buildAroundCollectives(graph, name, n, ctx, results, main, names, fns);
        }
      } catch (RuntimeException e) {
        fns.forEach(ConcreteFunction::close);
        throw e;
      }
      CompiledStep step = new CompiledStep(name, List.copyOf(names), main.arguments(), jit,
          List.copyOf(fns), main.inputs(), List.copyOf(ctx.outputs().keySet()), outs);
      // Also for collectives in the main graph (a step cut around them): one key for every
      // train step, as inside a function, so the workers agree on step ids once, not per step.
      if (ctx.collectives() || !ctx.boundaries().isEmpty()) {
        step.runOptions = RunOptions.newBuilder().setExperimental(RunOptions.Experimental
            .newBuilder().setCollectiveGraphKey(COLLECTIVE_GRAPH_KEY)).build();
      }
      return step;
    }
  }

  /**
   * The gradient function (the boundaries' inputs from the arguments they need), the
   * collectives in the main graph, and the update function (the step's results from the
   * arguments they need and the collectives' results).
   *
   * @return the update call's outputs: the step's results
   */
  private static List<Output<?>> buildAroundCollectives(Graph graph, String name, int n,
      StepContext ctx, List<Operand<?>> results, MainGraphArguments main, List<String> names,
      List<ConcreteFunction> fns) {
    Graph fg = ctx.graph();
    List<StepContext.Boundary> boundaries = ctx.boundaries();
    List<Operand<?>> locals = new ArrayList<>();
    for (int i = 0; i < boundaries.size(); i++) {
      locals.add(ctx.tf().withName("local_" + i).identity(boundaries.get(i).local()));
    }
    Set<GraphOperation> before = StepFunction.upstream(fg, locals);
    for (StepContext.Boundary b : boundaries) {
      if (before.contains((GraphOperation) b.placeholder().op())) {
        throw new IllegalStateException("step '" + name + "': a collective's input depends on"
            + " another collective's result; an XLA step is cut at one round of collectives");
      }
    }
    for (Op assign : ctx.assigns()) {
      if (before.contains((GraphOperation) assign.op())) {
        throw new IllegalStateException("step '" + name + "' assigns a variable before its"
            + " collectives; under XLA every assignment belongs to the update");
      }
    }
    List<StepContext.Arg> gradientArgs = argumentsIn(ctx.args(), before);
    String gradientsName = name + "_gradients_" + n;
    fns.add(StepFunction.create(fg, gradientsName, placeholders(gradientArgs), locals));
    names.add(gradientsName);
    List<Output<?>> localOuts = StepFunction.call(graph, name + "/gradients_call", fns.get(0),
        main.of(gradientArgs), ctx.jit());

    Ops tf = Ops.create(graph).withSubScope(name).withSubScope("collectives");
    List<Output<?>> exchanged = new ArrayList<>();
    for (int i = 0; i < boundaries.size(); i++) {
      exchanged.add(boundaries.get(i).collective()
          .build(graph, tf, localOuts.get(i).expect(TFloat32.class)).asOutput());
    }

    List<StepContext.Arg> updateArgs =
        argumentsIn(ctx.args(), StepFunction.upstream(fg, results));
    List<Operand<?>> updateParams = new ArrayList<>(placeholders(updateArgs));
    boundaries.forEach(b -> updateParams.add(b.placeholder()));
    String updateName = name + "_update_" + n;
    fns.add(StepFunction.create(fg, updateName, updateParams, results));
    names.add(updateName);
    List<Output<?>> updateInputs = new ArrayList<>(main.of(updateArgs));
    updateInputs.addAll(exchanged);
    return StepFunction.call(graph, name + "/update_call", fns.get(1), updateInputs, ctx.jit());
  }

  /** The arguments among {@code ops}, in argument order. */
  private static List<StepContext.Arg> argumentsIn(List<StepContext.Arg> args,
      Set<GraphOperation> ops) {
    return args.stream().filter(a -> ops.contains((GraphOperation) a.placeholder().op()))
        .toList();
  }

  private static List<Operand<?>> placeholders(List<StepContext.Arg> args) {
    return args.stream().<Operand<?>>map(StepContext.Arg::placeholder).toList();
  }

  /**
   * What the main graph passes for each of the step's arguments: a variable's resource handle,
   * or a placeholder fed under the input's name (one per input, shared by both calls of a step
   * cut at its collectives).
   */
  private static final class MainGraphArguments {
    private final Map<StepContext.Arg, Output<?>> values = new LinkedHashMap<>();
    private final Map<String, Placeholder<?>> inputs = new LinkedHashMap<>();
    private final List<StepArgument> arguments = new ArrayList<>();

    MainGraphArguments(Graph graph, String name, List<StepContext.Arg> args) {
      Ops tf = Ops.create(graph).withSubScope(name);
      for (StepContext.Arg a : args) {
        if (a.variable() != null) {
          arguments.add(new StepArgument(true, a.variable().name(),
              TensorTypeRegistry.find(a.variable().dtype()).dataType(),
              StepArgument.dims(a.variable().shape())));
          values.put(a, a.variable().handle().asOutput());
        } else {
          arguments.add(new StepArgument(false, a.inputName(), a.dtype(),
              StepArgument.dims(a.inputShape())));
          Placeholder<?> p = tf.withName(a.inputName())
              .placeholder(a.inputType(), Placeholder.shape(a.inputShape()));
          inputs.put(a.inputName(), p);
          values.put(a, p.asOutput());
        }
      }
    }

    List<Output<?>> of(List<StepContext.Arg> args) {
      return args.stream().<Output<?>>map(values::get).toList();
    }

    Map<String, Placeholder<?>> inputs() {
      return inputs;
    }

    List<StepArgument> arguments() {
      return List.copyOf(arguments);
    }
  }

  /** The step's name. */
  public String name() {
    return name;
  }

  /**
   * The name of the TensorFlow function the call runs; XLA names the module it compiles from it
   * {@code <functionName>_<hash>...}.
   *
   * @throws IllegalStateException for a step cut at its collectives, which runs two
   */
  public String functionName() {
    if (functionNames.size() != 1) {
      throw new IllegalStateException("step '" + name + "' runs " + functionNames.size()
          + " functions: " + functionNames);
    }
    return functionNames.get(0);
  }

  /**
   * The TensorFlow functions the step runs, in order: one, or for a data-parallel step under XLA
   * on CPU the gradient function and the update function, with the collectives between them.
   */
  public List<String> functionNames() {
    return functionNames;
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
    functions.forEach(ConcreteFunction::close);
  }
}
