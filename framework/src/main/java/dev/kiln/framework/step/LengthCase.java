package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import dev.kiln.framework.variables.GraphContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Case;
import org.tensorflow.proto.OpDef.ArgDef;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * A model over padded token ids built once per padded length and called through one {@code Case}
 * op that picks, per run, the shortest length covering the batch's longest row: a graph unrolled
 * over time then costs what the batch's sentences need rather than the longest length accepted.
 *
 * <pre>
 *   ids &lt;int32&gt;[batch, T], lengths &lt;int32&gt;[batch]
 *   branch = index of the first padded length ≥ max(lengths) (the last if none: lengths past T)
 *   Case(branch): branch_i(ids[:, :L_i], lengths) → &lt;T&gt; output
 * </pre>
 *
 * <p>Each branch is a TensorFlow function whose body reads the variables through resource
 * arguments, as a {@link CompiledStep}'s does, so the variables stay in the main graph and every
 * branch sees the same values. A branch sees only the first L columns of {@code ids}; the body
 * must give the same answer for a row whatever padding follows it (Kiln's models do: training and
 * evaluation bucket batches the same way). Lengths past T select the longest branch, which is then
 * the graph one length would have built.
 *
 * <p>The functions live in the main graph's library, so a SavedModel written from it holds them;
 * TensorFlow Serving and Python TensorFlow run {@code Case} natively.
 */
public final class LengthCase {
  /** Builds the model for one padded length. */
  @FunctionalInterface
  public interface Body<T extends TType> {
    /**
     * @param ids <int32>[batch, time], time static: the padded length of this branch
     * @param lengths <int32>[batch] real tokens per row, at most time for the batches it is run on
     */
    Operand<T> build(GraphContext ctx, Operand<TInt32> ids, Operand<TInt32> lengths);
  }

  private LengthCase() {}

  /**
   * Adds the branch functions to {@code graph}'s library and the {@code Case} op calling them.
   *
   * @param name the Case op's name and the prefix of its functions' names
   * @param paddedLengths increasing padded lengths, the last equal to {@code ids}' static width
   * @param ids <int32>[batch, T] in the main graph, T static
   * @param lengths <int32>[batch] in the main graph
   * @return the chosen branch's output, in the main graph
   */
  public static <T extends TType> Operand<T> build(Graph graph, String name,
      List<Integer> paddedLengths, Operand<TInt32> ids, Operand<TInt32> lengths, Class<T> type,
      Body<T> body) {
    long width = ids.shape().numDimensions() == 2 ? ids.shape().get(1) : -1;
    checkLengths(paddedLengths, width);
    List<ConcreteFunction> branches = new ArrayList<>();
    try {
      List<StepContext.Arg> firstArgs = null;
      Shape outputShape = null;
      for (int time : paddedLengths) {
        Branch branch = branch(name + "_t" + time, (int) width, time, body);
        branches.add(branch.function());
        if (firstArgs == null) {
          firstArgs = branch.args();
          outputShape = branch.outputShape();
        } else {
          checkSameArguments(firstArgs, branch.args(), time);
        }
      }
      Ops tf = Ops.create(graph);
      List<Operand<?>> inputs = new ArrayList<>(List.of(ids, lengths));
      for (StepContext.Arg arg : firstArgs.subList(2, firstArgs.size())) {
        inputs.add(arg.variable().handle());
      }
      Operand<TInt32> index = branchIndex(tf.withSubScope(name), paddedLengths, lengths);
      Case call = Case.create(tf.withName(name).scope(), index, inputs, List.of(type), branches,
          Case.outputShapes(outputShape));
      @SuppressWarnings("unchecked")
      Operand<T> output = (Operand<T>) call.output().get(0);
      return output;
    } finally {
      // The graph holds copies of the functions (its library); these are no longer needed.
      branches.forEach(ConcreteFunction::close);
    }
  }

  /** The first padded length at least {@code max(lengths)}, as a branch index; the last if none. */
  static Operand<TInt32> branchIndex(Ops tf, List<Integer> paddedLengths, Operand<TInt32> lengths) {
    int[] bounds = paddedLengths.stream().mapToInt(Integer::intValue).toArray();
    Operand<TInt32> longest = tf.max(lengths, tf.constant(0)); // INT_MIN for an empty batch
    Operand<TInt32> shorter = tf.reduceSum(
        tf.dtypes.cast(tf.math.less(tf.constant(bounds), longest), TInt32.class), tf.constant(0));
    return tf.math.minimum(shorter, tf.constant(bounds.length - 1));
  }

  private record Branch(ConcreteFunction function, List<StepContext.Arg> args, Shape outputShape) {}

  /** One function: arguments ids [batch, width], lengths [batch], then the variables it reads. */
  private static <T extends TType> Branch branch(String fnName, int width, int time,
      Body<T> body) {
    ConcreteFunction fn;
    StepContext ctx;
    Shape outputShape;
    try (Graph fg = new Graph()) {
      ctx = new StepContext(fg, Jit.NONE);
      Ops tf = ctx.tf();
      Operand<TInt32> ids = ctx.input("ids", TInt32.class, Shape.of(-1, width));
      Operand<TInt32> lengths = ctx.input("lengths", TInt32.class, Shape.of(-1));
      Operand<TInt32> cut = time == width ? ids
          : tf.slice(ids, tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, time}));
      Operand<T> out = body.build(ctx, cut, lengths);
      outputShape = out.shape();
      String unique = fnName + "_" + digest(fg);
      Signature.Builder sig = Signature.builder().key(unique).methodName(unique);
      int i = 0;
      for (StepContext.Arg a : ctx.args()) {
        sig.input("arg_" + i++, a.placeholder());
      }
      sig.output("out_0", tf.withName("out_0").identity(out));
      fn = ConcreteFunction.create(sig.build(), fg);
    }
    List<ArgDef> argDefs = fn.getFunctionDef().getSignature().getInputArgList();
    for (int i = 0; i < argDefs.size(); i++) {
      if (!argDefs.get(i).getName().equals("arg_" + i)) {
        fn.close();
        throw new IllegalStateException("function arguments out of order: " + argDefs);
      }
    }
    return new Branch(fn, List.copyOf(ctx.args()), outputShape);
  }

  /**
   * A short digest of the body: a loader that imports several SavedModels into one function library
   * (Python's) refuses two different functions of one name, so equal names must mean equal bodies.
   */
  private static String digest(Graph body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.toGraphDef().toByteArray());
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkLengths(List<Integer> paddedLengths, long width) {
    if (width < 1) {
      throw new IllegalArgumentException("ids must be [batch, T] with T static");
    }
    if (paddedLengths.isEmpty() || paddedLengths.get(paddedLengths.size() - 1) != width) {
      throw new IllegalArgumentException("the last padded length must be the ids' width " + width
          + ", got " + paddedLengths);
    }
    for (int i = 0; i < paddedLengths.size(); i++) {
      if (paddedLengths.get(i) < 1 || (i > 0 && paddedLengths.get(i) <= paddedLengths.get(i - 1))) {
        throw new IllegalArgumentException("padded lengths must be positive and increase, got "
            + paddedLengths);
      }
    }
  }

  /** Every branch must take the same variables in the same order: Case passes one input list. */
  private static void checkSameArguments(List<StepContext.Arg> first, List<StepContext.Arg> other,
      int time) {
    List<String> a = first.stream().map(LengthCase::argName).toList();
    List<String> b = other.stream().map(LengthCase::argName).toList();
    if (!a.equals(b)) {
      throw new IllegalStateException("the branch for length " + time + " reads " + b
          + ", the first branch " + a);
    }
  }

  private static String argName(StepContext.Arg arg) {
    return arg.variable() != null ? arg.variable().name() : arg.inputName();
  }
}
