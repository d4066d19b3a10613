package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;

/**
 * One compiled train step and one eval step per padded sequence length (the bucket boundaries),
 * for models unrolled to a static length. Steps are named {@code <prefix>train_step_t<length>}
 * and {@code <prefix>eval_step_t<length>}.
 */
public final class StepsByLength implements AutoCloseable {
  /** Builds the body of the step for one length, in training mode or not. */
  @FunctionalInterface
  public interface LengthStepBody {
    void build(StepContext ctx, int time, boolean training);
  }

  private final Map<Integer, CompiledStep> trainSteps = new LinkedHashMap<>();
  private final Map<Integer, CompiledStep> evalSteps = new LinkedHashMap<>();

  public StepsByLength(Graph graph, String prefix, Jit jit, List<Integer> lengths,
      LengthStepBody body) {
    for (int time : lengths) {
      trainSteps.put(time, CompiledStep.build(graph, prefix + "train_step_t" + time, jit,
          ctx -> body.build(ctx, time, true)));
      evalSteps.put(time, CompiledStep.build(graph, prefix + "eval_step_t" + time, jit,
          ctx -> body.build(ctx, time, false)));
    }
  }

  /** The train step for batches padded to {@code time}; an error names the lengths there are. */
  public CompiledStep train(int time) {
    return step(trainSteps, time);
  }

  /** The eval step for batches padded to {@code time}; an error names the lengths there are. */
  public CompiledStep eval(int time) {
    return step(evalSteps, time);
  }

  /** The train steps by padded length, in increasing order of length. */
  public Map<Integer, CompiledStep> trainSteps() {
    return java.util.Collections.unmodifiableMap(trainSteps);
  }

  /** The eval steps by padded length, in increasing order of length. */
  public Map<Integer, CompiledStep> evalSteps() {
    return java.util.Collections.unmodifiableMap(evalSteps);
  }

  private static CompiledStep step(Map<Integer, CompiledStep> steps, int time) {
    CompiledStep step = steps.get(time);
    if (step == null) {
      throw new IllegalArgumentException(
          "no compiled step for sequence length " + time + "; lengths: " + steps.keySet());
    }
    return step;
  }

  @Override
  public void close() {
    trainSteps.values().forEach(CompiledStep::close);
    evalSteps.values().forEach(CompiledStep::close);
  }
}
