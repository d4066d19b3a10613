package dev.kiln.framework.xla;

import dev.kiln.framework.step.StepArgument;
import java.util.ArrayList;
import java.util.List;

/**
 * Which step argument each parameter of a compiled XLA module is, and what each of its results
 * is, derived from how TensorFlow's XLA bridge lays out a function (tf2xla's {@code XlaCompiler}):
 *
 * <ul>
 *   <li>parameters are the function's arguments in order, less those XLA needed as compile-time
 *       constants (their values are folded into the module); a variable is always a parameter,
 *       even one the step never reads;
 *   <li>results are the function's outputs in order, then the new value of each variable the
 *       step assigned; the module's {@code input_output_alias} names that variable's parameter.
 * </ul>
 *
 * <p>Both are checked against the module itself: every parameter's type and shape must match
 * its argument, and the alignment of arguments to parameters must be the only one possible, so a
 * wrong guess is an error, never a silent mix-up.
 *
 * @param parameters the module's parameters, in order
 * @param constants arguments that are not parameters (compile-time constants), in order
 * @param outputs the module's results, in order
 */
public record ProgramSignature(List<Parameter> parameters, List<StepArgument> constants,
    List<Output> outputs) {

  /** Parameter {@code index} of the module is {@code argument}. */
  public record Parameter(int index, StepArgument argument, HloShape shape) {}

  /**
   * Result {@code index} of the module: the step output {@code name}, or (when {@code parameter}
   * is not negative) the new value of the variable {@code name} held in that parameter.
   */
  public record Output(int index, String name, HloShape shape, int parameter) {
    public boolean isVariable() {
      return parameter >= 0;
    }
  }

  /**
   * Maps a step's function onto the module XLA compiled from it.
   *
   * @param step a name for errors
   * @param arguments the function's arguments in order
   * @param outputNames the function's outputs in order
   */
  public static ProgramSignature map(String step, List<StepArgument> arguments,
      List<String> outputNames, HloModuleHeader module) {
    List<HloShape> params = module.parameters();
    long[][] ways = alignments(arguments, params);
    if (ways[0][0] == 0) {
      throw new IllegalStateException("step " + step + ": its arguments " + describe(arguments)
          + " do not match the parameters " + params + " of XLA module " + module.name());
    }
    if (ways[0][0] > 1) {
      throw new IllegalStateException("step " + step + ": cannot tell which of its inputs XLA"
          + " folded in as compile-time constants (" + describe(arguments) + " against "
          + params + ")");
    }
    List<Parameter> parameters = new ArrayList<>();
    List<StepArgument> constants = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < arguments.size(); i++) {
      StepArgument a = arguments.get(i);
      if (j < params.size() && matches(a, params.get(j)) && ways[i + 1][j + 1] > 0) {
        parameters.add(new Parameter(j, a, params.get(j)));
        j++;
      } else {
        constants.add(a);
      }
    }
    return new ProgramSignature(List.copyOf(parameters), List.copyOf(constants),
        outputs(step, outputNames, module, parameters));
  }

  private static List<Output> outputs(String step, List<String> outputNames,
      HloModuleHeader module, List<Parameter> parameters) {
    List<HloShape> results = module.results();
    if (results.size() < outputNames.size()) {
      throw new IllegalStateException("step " + step + " has outputs " + outputNames
          + " but XLA module " + module.name() + " returns " + results);
    }
    List<Output> outputs = new ArrayList<>();
    for (int r = 0; r < results.size(); r++) {
      if (r < outputNames.size()) {
        outputs.add(new Output(r, outputNames.get(r), results.get(r), -1));
        continue;
      }
      Integer p = module.aliases().get(r);
      if (p == null || p >= parameters.size() || !parameters.get(p).argument().variable()
          || !parameters.get(p).shape().equals(results.get(r))) {
        throw new IllegalStateException("step " + step + ": result " + r + " " + results.get(r)
            + " of XLA module " + module.name() + " is neither a step output nor the new value"
            + " of a variable parameter (aliases " + module.aliases() + ")");
      }
      outputs.add(new Output(r, parameters.get(p).argument().name(), results.get(r), p));
    }
    return List.copyOf(outputs);
  }

  /**
   * ways[i][j]: in how many ways arguments i.. can supply parameters j.. in order, where only a
   * fed input may be skipped (as a constant). Counts stop at 2: more than one is ambiguous.
   */
  private static long[][] alignments(List<StepArgument> args, List<HloShape> params) {
    long[][] ways = new long[args.size() + 1][params.size() + 1];
    ways[args.size()][params.size()] = 1;
    for (int i = args.size() - 1; i >= 0; i--) {
      StepArgument a = args.get(i);
      for (int j = params.size(); j >= 0; j--) {
        long n = a.variable() ? 0 : ways[i + 1][j];
        if (j < params.size() && matches(a, params.get(j))) {
          n += ways[i + 1][j + 1];
        }
        ways[i][j] = Math.min(n, 2);
      }
    }
    return ways;
  }

  private static boolean matches(StepArgument a, HloShape shape) {
    return shape.accepts(HloType.hlo(a.dtype()), a.shape());
  }

  private static String describe(List<StepArgument> arguments) {
    List<String> out = new ArrayList<>();
    for (StepArgument a : arguments) {
      out.add((a.variable() ? "variable " : "input ") + a.name() + " " + HloType.hlo(a.dtype())
          + a.shape().toString().replace(" ", ""));
    }
    return out.toString();
  }
}
