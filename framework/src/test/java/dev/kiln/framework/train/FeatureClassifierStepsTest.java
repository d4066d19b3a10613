package dev.kiln.framework.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.FeatureBatch;
import dev.kiln.datasets.text.FeatureBatcher;
import dev.kiln.datasets.text.SparseVector;
import dev.kiln.framework.Jit;
import dev.kiln.framework.layers.SparseDense;
import dev.kiln.framework.optim.Adam;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class FeatureClassifierStepsTest {
  static final int FEATURES = 12;

  /**
   * Rows of 1 to 4 random features of random positive values; the label is whether features 0 to
   * 5 outweigh features 6 to 11 in the row (ties left out), which a linear model separates.
   */
  static List<SparseVector> rows(int count, long seed, List<Integer> labels) {
    SplittableRandom random = new SplittableRandom(seed);
    List<SparseVector> rows = new ArrayList<>();
    while (rows.size() < count) {
      float[] dense = new float[FEATURES];
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        dense[random.nextInt(FEATURES)] = 0.1f + random.nextFloat();
      }
      float low = 0;
      float high = 0;
      for (int i = 0; i < FEATURES; i++) {
        low += i < 6 ? dense[i] : 0;
        high += i < 6 ? 0 : dense[i];
      }
      if (Math.abs(low - high) < 0.05f) {
        continue;
      }
      labels.add(low > high ? 1 : 0);
      rows.add(sparse(dense));
    }
    return rows;
  }

  static SparseVector sparse(float[] dense) {
    int[] indices = IntStream.range(0, dense.length).filter(i -> dense[i] != 0)
        .toArray();
    float[] values = new float[indices.length];
    for (int k = 0; k < indices.length; k++) {
      values[k] = dense[indices[k]];
    }
    return new SparseVector(dense.length, indices, values);
  }

  @Test
  void aLinearModelLearnsASeparableSetExactlyUnderEitherJit() {
    for (Jit jit : Jit.values()) {
      List<Integer> trainLabels = new ArrayList<>();
      List<SparseVector> train = rows(200, 1, trainLabels);
      FeatureBatcher batcher = new FeatureBatcher(train,
          trainLabels.stream().mapToInt(Integer::intValue).toArray(), 16, 3);
      try (Graph g = new Graph()) {
        ParameterStore store = new ParameterStore(g, 1);
        SparseDense<TFloat32> layer = new SparseDense<>(store.scope("linear"), FEATURES, 1,
            TFloat32.class, Initializers.zeros(), Initializers.zeros());
        FeatureClassifier model = (ctx, ids, values, step, training) -> ctx.tf().reshape(
            layer.apply(ctx, ids, values), ctx.tf().constant(new int[] {-1}));
        DirectContext direct = new DirectContext(g);
        Operand<TFloat32> kernelRead = direct.read(layer.kernel());
        Operand<TFloat32> biasRead = direct.read(layer.bias().orElseThrow());
        Adam adam = new Adam(store.scope("adam"), store.trainable(), List.of(),
            AdamConfig.defaults().withLearningRate(0.1));
        try (FeatureClassifierGraph graph = new FeatureClassifierGraph(g, model, adam, 16, jit);
            Session session = new Session(g)) {
          store.initialize(session);
          FeatureClassifierSteps steps = new FeatureClassifierSteps(graph, session);
          Evaluation before = Evaluation.of(steps, batcher.inOrder());
          assertEquals(Math.log(2), before.loss(), 1e-6, "zero weights: p = 1/2 everywhere");
          for (int epoch = 0; epoch < 30; epoch++) {
            for (FeatureBatch batch : batcher.epoch(epoch)) {
              steps.train(batch);
            }
          }
          assertEquals(30 * 13, steps.globalStep());
          Evaluation after = Evaluation.of(steps, batcher.inOrder());
          assertTrue(after.loss() < 0.25 * before.loss(), jit + ": " + after.loss());
          assertEquals(1.0, after.accuracy(), jit.toString());
          assertEquals(200, after.examples());

          // The eval step's logits are x · kernel + bias with the trained variables.
          float[] kernel = new float[FEATURES];
          float bias;
          try (Result r = session.runner().fetch(kernelRead).fetch(biasRead).run()) {
            ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(kernel);
            bias = ((TFloat32) r.get(1)).getFloat(0);
          }
          FeatureBatch first = batcher.inOrder().iterator().next();
          float[] logits = steps.logits(first);
          for (int row = 0; row < first.numExamples(); row++) {
            SparseVector x = train.get(first.exampleIndices()[row]);
            double expected = bias;
            for (int k = 0; k < x.size(); k++) {
              expected += x.values()[k] * kernel[x.indices()[k]];
            }
            assertEquals(expected, logits[row], 1e-5);
          }
        }
      }
    }
  }
}
