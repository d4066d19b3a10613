package dev.kiln.framework.bench;

import dev.kiln.datasets.text.FeatureBatch;
import dev.kiln.datasets.text.FeatureBatcher;
import dev.kiln.datasets.text.SparseVector;
import dev.kiln.framework.Jit;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.layers.Dense;
import dev.kiln.framework.layers.SparseDense;
import dev.kiln.framework.losses.SigmoidCrossEntropy;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.train.FeatureClassifier;
import dev.kiln.framework.train.FeatureClassifierGraph;
import dev.kiln.framework.train.FeatureClassifierSteps;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Seconds per epoch of logistic regression on SST-2-sized TF-IDF rows (13,774 features, 1 to 20
 * non-zero entries a row, 264 batches of 256), Adam with L2, jit=none, fed two ways: as padded
 * (index, value) pairs into {@link SparseDense} ({@link FeatureClassifierGraph}, what
 * sst2-tfidf-logreg does), and as dense {@code [batch, features]} blocks into {@link Dense}. Each
 * runs one epoch after a warm-up step, twice, alternating.
 *
 * <pre>
 * mvn -B -ntp -q -pl framework -am test-compile
 * java -cp "$(cat .kiln-build/classpath):framework/target/test-classes" \
 *     dev.kiln.framework.bench.SparseFeatureStepBenchmark
 * </pre>
 */
public final class SparseFeatureStepBenchmark {
  static final int FEATURES = 13_774;
  static final int BATCH = 256;
  static final int STEPS = 264;

  private SparseFeatureStepBenchmark() {}

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(1);
    List<SparseVector> rows = new ArrayList<>();
    int[] labels = new int[STEPS * BATCH];
    for (int i = 0; i < labels.length; i++) {
      TreeMap<Integer, Float> entries = new TreeMap<>();
      for (int k = 0; k < 1 + random.nextInt(20); k++) {
        entries.put(random.nextInt(FEATURES), random.nextFloat());
      }
      float[] values = new float[entries.size()];
      int j = 0;
      for (float value : entries.values()) {
        values[j++] = value;
      }
      rows.add(new SparseVector(FEATURES,
          entries.keySet().stream().mapToInt(Integer::intValue).toArray(), values));
      labels[i] = random.nextInt(2);
    }
    FeatureBatcher batcher = new FeatureBatcher(rows, labels, BATCH, 0);
    for (int repeat = 0; repeat < 2; repeat++) {
      System.out.printf("padded pairs: %.3f s per epoch of %d steps%n", sparse(batcher), STEPS);
      System.out.printf("dense [batch, features]: %.3f s per epoch of %d steps%n",
          dense(batcher, rows, labels), STEPS);
    }
  }

  /** Adam with L2 on {@code kernel}, as the preset's. */
  private static Adam adam(ParameterStore store, Variable<?> kernel) {
    return new Adam(store.scope("adam"), store.trainable(), List.of(kernel),
        AdamConfig.defaults().withLearningRate(0.03).withL2(7.4e-6));
  }

  private static double sparse(FeatureBatcher batcher) {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      SparseDense<TFloat32> layer = new SparseDense<>(store.scope("linear"), FEATURES, 1,
          TFloat32.class, Initializers.zeros(), Initializers.zeros());
      FeatureClassifier model = (ctx, ids, values, step, training) -> ctx.tf().reshape(
          layer.apply(ctx, ids, values), ctx.tf().constant(new int[] {-1}));
      Adam adam = adam(store, layer.kernel());
      try (FeatureClassifierGraph graph = new FeatureClassifierGraph(g, model, adam, BATCH,
              Jit.NONE);
          Session session = Sessions.create(g, 2, 1)) {
        store.initialize(session);
        FeatureClassifierSteps steps = new FeatureClassifierSteps(graph, session);
        steps.train(batcher.epoch(0).iterator().next());
        long start = System.nanoTime();
        for (FeatureBatch batch : batcher.epoch(1)) {
          steps.train(batch);
        }
        return (System.nanoTime() - start) / 1e9;
      }
    }
  }

  private static double dense(FeatureBatcher batcher, List<SparseVector> rows, int[] labels) {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      Dense<TFloat32> layer = new Dense<>(store.scope("linear"), FEATURES, 1, TFloat32.class,
          Initializers.zeros(), Initializers.zeros());
      Adam adam = adam(store, layer.kernel());
      CompiledStep step = CompiledStep.build(g, "train_step", Jit.NONE, ctx -> {
        var tf = ctx.tf();
        Operand<TFloat32> x = ctx.input("x", TFloat32.class, Shape.of(BATCH, FEATURES));
        Operand<TFloat32> y = ctx.input("y", TFloat32.class, Shape.of(BATCH));
        Operand<TFloat32> logits =
            tf.reshape(layer.apply(ctx, x), tf.constant(new int[] {-1}));
        Operand<TFloat32> loss = SigmoidCrossEntropy.mean(tf, logits, y);
        adam.minimize(ctx, loss);
        ctx.output("loss", loss);
      });
      try (Session session = Sessions.create(g, 2, 1); step) {
        store.initialize(session);
        long start = 0;
        int done = 0;
        for (FeatureBatch batch : batcher.epoch(1)) {
          if (done == 1) {
            start = System.nanoTime(); // the first step warms up
          }
          float[] x = new float[BATCH * FEATURES];
          float[] y = new float[BATCH];
          for (int r = 0; r < batch.numExamples(); r++) {
            rows.get(batch.exampleIndices()[r]).writeDense(x, r * FEATURES);
            y[r] = labels[batch.exampleIndices()[r]];
          }
          try (TFloat32 xt = TFloat32.tensorOf(Shape.of(BATCH, FEATURES),
                  DataBuffers.of(x, true, false));
              TFloat32 yt = TFloat32.tensorOf(Shape.of(BATCH), DataBuffers.of(y, true, false));
              Result result = step.run(session, Map.of("x", xt, "y", yt))) {
            done++;
          }
        }
        return (System.nanoTime() - start) / 1e9 * STEPS / (STEPS - 1);
      }
    }
  }
}
