package dev.kiln.framework.distribute;

import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Benchmark aid ({@code tools/multiworker/benchmark.sh}): times, between the running workers, the
 * collectives a train step holds, at the largest sizes its steps use (the packed all-reduce of the
 * dense gradients and sums, the all-gather of an embedding's rows), run on their own as a step
 * would run them, outside the step. Every worker must call it at the same point.
 */
public final class CollectiveBenchmark {
  private static final int SUM_KEY = 3;
  private static final int GATHER_KEY = 4;

  private CollectiveBenchmark() {}

  /** {@code collectives per step: X ms median (all-reduce of N floats A ms + all-gather ...)}. */
  public static String run(DataParallel workers, int repeats) {
    long sum = workers.largestSum();
    long[] gather = workers.largestGather();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> summed = workers.sum(graph,
          tf.fill(tf.constant(new long[] {Math.max(1, sum)}), tf.constant(1f)), SUM_KEY);
      Operand<TFloat32> gathered = gather[0] == 0 ? null : workers.gather(graph,
          tf.fill(tf.constant(gather), tf.constant(1f)), GATHER_KEY);
      Session session = workers.session(graph);
      try {
        double[] sumMs = time(session, summed, repeats);
        double[] gatherMs = gathered == null ? new double[repeats] : time(session, gathered, repeats);
        double[] both = new double[repeats];
        for (int i = 0; i < repeats; i++) {
          both[i] = sumMs[i] + gatherMs[i];
        }
        return String.format(Locale.ROOT, "collectives per step: %.1f ms median over %d"
            + " (all-reduce of %d floats %.1f ms; all-gather of %d x %d floats per worker"
            + " %.1f ms)", median(both), repeats, sum, median(sumMs), gather[0], gather[1],
            median(gatherMs));
      } finally {
        session.close();
      }
    }
  }

  private static double[] time(Session session, Operand<TFloat32> op, int repeats) {
    run(session, op); // the first run resolves the group and instance
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      run(session, op);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    return ms;
  }

  private static void run(Session session, Operand<TFloat32> op) {
    try (Result result = session.runner().fetch(op).run()) {
      if (result.get(0).shape().equals(Shape.scalar())) {
        throw new IllegalStateException("expected a vector");
      }
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
