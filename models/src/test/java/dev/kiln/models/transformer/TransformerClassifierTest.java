package dev.kiln.models.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.variables.DirectContext;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import dev.kiln.models.Presets;
import dev.kiln.models.run.TextClassifierTraining;
import dev.kiln.models.run.TextClassifierTrainingTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class TransformerClassifierTest {
  /** The sst2-transformer preset, tiny. */
  static Config tiny(String preset, String... more) {
    List<String> overrides = new java.util.ArrayList<>(List.of("emb_dim=16", "num_heads=2",
        "mlp_dim=32", "num_layers=1", "batch_size=16", "num_epochs=4", "min_freq=1",
        "max_input_length=16", "learning_rate=0.003", "lr_warmup_steps=5", "lr_decay_steps=100",
        "jit=none"));
    overrides.addAll(List.of(more));
    return Presets.named(preset).config().withOverrides(overrides);
  }

  /**
   * Three sentences of 5, 3 and 2 ids: padded to 8 with zeros, and to 16 with random ids, they get
   * the same logits; a change in a real word (not at position 0) changes its sentence's logit.
   */
  @Test
  void theLogitsIgnorePaddingAndReadTheWholeSentence() {
    int[][] eight = {{2, 5, 6, 7, 3, 0, 0, 0}, {2, 9, 3, 0, 0, 0, 0, 0}, {2, 3, 0, 0, 0, 0, 0, 0}};
    int[][] sixteen = new int[3][16];
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int b = 0; b < 3; b++) {
      for (int t = 0; t < 16; t++) {
        sixteen[b][t] = t < 8 && eight[b][t] != 0 ? eight[b][t] : 4 + random.nextInt(20);
      }
    }
    int[][] changed = {{2, 5, 6, 8, 3, 0, 0, 0}, {2, 9, 3, 0, 0, 0, 0, 0}, {2, 3, 0, 0, 0, 0, 0, 0}};
    int[] lengths = {5, 3, 2};
    Config config = tiny("sst2-transformer", "dropout_rate=0.3", "attention_dropout_rate=0.3");
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 3);
      TransformerClassifier model = new TransformerClassifier(store, config, 24);
      List<String> names = store.all().stream().map(Variable::name).toList();
      assertEquals("encoder/token_embedding/table", names.get(0));
      assertEquals(Shape.of(25, 16), store.all().get(0).shape(), "24 ids and [MASK]");
      assertEquals(List.of("classifier/kernel", "classifier/bias"),
          names.subList(names.size() - 2, names.size()));
      DirectContext ctx = new DirectContext(g);
      Ops tf = ctx.tf();
      Operand<TFloat32> a = model.logits(ctx, tf.constant(eight), tf.constant(lengths),
          tf.constant(0L), false);
      Operand<TFloat32> b = model.logits(ctx, tf.constant(sixteen), tf.constant(lengths),
          tf.constant(0L), false);
      Operand<TFloat32> c = model.logits(ctx, tf.constant(changed), tf.constant(lengths),
          tf.constant(0L), false);
      try (Session s = new Session(g)) {
        store.initialize(s);
        try (Result r = s.runner().fetch(a).fetch(b).fetch(c).run()) {
          float[] va = floats((TFloat32) r.get(0));
          float[] vb = floats((TFloat32) r.get(1));
          float[] vc = floats((TFloat32) r.get(2));
          for (int i = 0; i < 3; i++) {
            assertEquals(va[i], vb[i], 1e-5f, "sentence " + i);
          }
          assertTrue(Math.abs(va[0] - vc[0]) > 1e-4, va[0] + " vs " + vc[0]);
          assertEquals(va[1], vc[1], 0f);
        }
      }
    }
  }

  @Test
  void learnsALearnableTaskFromScratch(@TempDir Path workdir) throws Exception {
    Trainer.History history = new TextClassifierTraining(tiny("sst2-transformer"), workdir).run(
        TextClassifierTrainingTest.sentiments(400, 1), TextClassifierTrainingTest.sentiments(100, 2),
        List.of());
    assertTrue(history.best().orElseThrow().evalAccuracy() >= 0.95,
        "best eval accuracy " + history.best().orElseThrow().evalAccuracy());
  }

  static float[] floats(TFloat32 t) {
    float[] a = new float[(int) t.size()];
    t.asRawTensor().data().asFloats().read(a);
    return a;
  }
}
