package dev.kiln.models.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.tokenizers.Gpt2Tokenizer;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.models.Presets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The imdb-cnn model at its real sizes: embedding 128 over 50,257 ids, two Conv1D(128, 7, 3). */
class CnnClassifierTest {
  static final Config CONFIG = Presets.named("imdb-cnn").config();
  static final int[] LENGTHS = {1, 2, 7, 26, 50};

  /** ids [batch, time]: each example's ids, then garbage ids (never 0) up to {@code time}. */
  static int[] ids(int[][] examples, int time, long garbageSeed) {
    SplittableRandom garbage = new SplittableRandom(garbageSeed);
    int[] ids = new int[examples.length * time];
    for (int b = 0; b < examples.length; b++) {
      for (int t = 0; t < time; t++) {
        ids[b * time + t] = t < examples[b].length ? examples[b][t]
            : 1 + garbage.nextInt(Gpt2Tokenizer.VOCABULARY_SIZE - 1);
      }
    }
    return ids;
  }

  static int[][] examples(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] examples = new int[LENGTHS.length][];
    for (int b = 0; b < LENGTHS.length; b++) {
      examples[b] = random.ints(LENGTHS[b], 0, Gpt2Tokenizer.VOCABULARY_SIZE).toArray();
    }
    return examples;
  }

  /** The strided convolutions keep ⌈L/3⌉ and then ⌈⌈L/3⌉/3⌉ positions, at least one for any L ≥ 1. */
  @Test
  void twoStridedConvolutionsOnShortAndLongInputs() {
    int[] lengths = {1, 2, 3, 4, 9, 10, 27, 28, 250, 499, 500};
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 0);
      CnnClassifier model = new CnnClassifier(store, CONFIG, Gpt2Tokenizer.VOCABULARY_SIZE);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      try (Session s = new Session(g)) {
        store.initialize(s);
        for (int time : new int[] {1, 50, 500}) {
          int[] clipped = Arrays.stream(lengths).map(l -> Math.min(l, time)).toArray();
          Operand<TInt32> ids =
              tf.zeros(tf.constant(new int[] {lengths.length, time}), TInt32.class);
          CnnClassifier.Features features =
              model.features(ctx, ids, tf.constant(clipped), tf.constant(0L), false);
          long after = (((long) time + 2) / 3 + 2) / 3;
          assertEquals(Shape.of(lengths.length, after, 128), features.values().shape(),
              "time " + time);
          Operand<TFloat32> z =
              model.classLogits(ctx, ids, tf.constant(clipped), tf.constant(0L), false);
          assertEquals(Shape.of(lengths.length, 2), z.shape());
          try (Result r = s.runner().fetch(features.lengths()).fetch(z).run()) {
            TInt32 real = (TInt32) r.get(0);
            TFloat32 logits = (TFloat32) r.get(1);
            for (int i = 0; i < lengths.length; i++) {
              int l = clipped[i];
              assertEquals(((l + 2) / 3 + 2) / 3, real.getInt(i), "length " + l);
              assertTrue(real.getInt(i) >= 1);
              // a max over real positions only: no -1e9 reaches the head
              assertTrue(Math.abs(logits.getFloat(i, 0)) < 100
                      && Math.abs(logits.getFloat(i, 1)) < 100,
                  "length " + l + ": " + logits.getFloat(i, 0) + ", " + logits.getFloat(i, 1));
            }
          }
        }
      }
    }
  }

  /**
   * The same reviews padded to 50 and to 500 with different garbage past their lengths give the
   * same two logits: neither the bucket nor the padding ids reach a result.
   */
  @Test
  void logitsDoNotDependOnPaddingOrItsIds() {
    int[][] examples = examples(3);
    int[][] shapes = {{50, 1}, {500, 2}, {50, 3}};
    float[][] results = new float[shapes.length][];
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 5);
      CnnClassifier model = new CnnClassifier(store, CONFIG, Gpt2Tokenizer.VOCABULARY_SIZE);
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      try (Session s = new Session(g)) {
        store.initialize(s);
        for (int run = 0; run < shapes.length; run++) {
          int time = shapes[run][0];
          Operand<TInt32> ids = tf.reshape(tf.constant(ids(examples, time, shapes[run][1])),
              tf.constant(new int[] {LENGTHS.length, time}));
          Operand<TFloat32> z =
              model.classLogits(ctx, ids, tf.constant(LENGTHS), tf.constant(0L), false);
          try (Result r = s.runner().fetch(z).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            results[run] = new float[(int) t.size()];
            t.asRawTensor().data().asFloats().read(results[run]);
          }
        }
      }
    }
    assertArrayEquals(results[0], results[1], 1e-5f, "padded to 50 vs 500");
    assertArrayEquals(results[0], results[2], 1e-5f, "other garbage");
    // and the examples differ from each other (the test is not vacuous)
    assertTrue(Math.abs(results[0][0] - results[0][2]) > 1e-4, results[0][0] + " " + results[0][2]);
  }

  @Test
  void theVariablesAreTheTutorialsLayers() {
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 0);
      new CnnClassifier(store, CONFIG, Gpt2Tokenizer.VOCABULARY_SIZE);
      List<String> expected = List.of("embedding/table [50257, 128]", "conv1/kernel [7, 128, 128]",
          "conv1/bias [128]", "norm1/scale [128]", "norm1/bias [128]", "conv2/kernel [7, 128, 128]",
          "conv2/bias [128]", "norm2/scale [128]", "norm2/bias [128]", "mlp/hidden/kernel [128, 128]",
          "mlp/hidden/bias [128]", "mlp/output/kernel [128, 2]", "mlp/output/bias [2]");
      assertEquals(expected, store.trainable().stream().map(v -> v.name() + " " + v.shape()).toList());
    }
  }
}
