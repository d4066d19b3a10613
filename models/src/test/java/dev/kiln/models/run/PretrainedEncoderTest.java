package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.checkpoint.CheckpointIO;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import dev.kiln.models.Presets;
import dev.kiln.models.transformer.mlm.MaskedLanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Fine-tuning sst2-transformer-mlm from a pre-training workdir. */
class PretrainedEncoderTest {
  @TempDir static Path temp;
  static Path pretrained;
  static List<LabelledText> train;
  static Vocabulary vocabulary;

  @BeforeAll
  static void pretrain() throws Exception {
    train = TextClassifierTrainingTest.sentiments(300, 1);
    pretrained = temp.resolve("pretrained");
    TinyPretraining.pretrain(TinyPretraining.config(1), pretrained,
        train.stream().map(LabelledText::text).toList());
    vocabulary = Vocabulary.builder().addAll(train.stream().map(LabelledText::text).toList())
        .build();
  }

  static Config fineTuning(String... more) {
    List<String> overrides = new ArrayList<>(List.of("pretrained_workdir=" + pretrained,
        "batch_size=16", "num_epochs=3", "learning_rate=0.003", "lr_warmup_steps=5",
        "lr_decay_steps=60"));
    overrides.addAll(List.of(more));
    return TinyPretraining.config(1, overrides.toArray(new String[0]));
  }

  /**
   * The fine-tuning graph starts with every encoder variable equal to the pre-training
   * checkpoint's and different from its own initial value; the classifier head starts at its own
   * initial value.
   */
  @Test
  void theEncoderStartsFromThePretrainedValuesAndTheHeadFresh() throws Exception {
    Config config = fineTuning();
    Map<String, float[]> checkpoint = pretrainedEncoder(config);
    List<Integer> lengths = List.of(8, 16);
    try (ModelSession<BinaryClassifierSteps> fresh = TextClassifierSession.open(config, vocabulary.size(), lengths);
        ModelSession<BinaryClassifierSteps> tuned = TextClassifierSession.open(config, vocabulary.size(), lengths)) {
      PretrainedEncoder.of(config, vocabulary).orElseThrow()
          .loadInto(tuned.session(), tuned.store());
      Map<String, float[]> initial = values(fresh);
      Map<String, float[]> start = values(tuned);
      assertEquals(initial.keySet(), start.keySet());
      List<String> encoder = new ArrayList<>();
      for (String name : start.keySet()) {
        if (name.startsWith("encoder/")) {
          encoder.add(name);
          assertArrayEquals(checkpoint.get(name), start.get(name), name);
          assertFalse(Arrays.equals(initial.get(name), start.get(name)), name + " moved");
        } else {
          assertArrayEquals(initial.get(name), start.get(name), name + " is freshly initialised");
        }
      }
      assertEquals(checkpoint.keySet(), new java.util.HashSet<>(encoder));
      assertTrue(start.containsKey("classifier/kernel") && start.containsKey("classifier/bias")
          && start.containsKey("adam/encoder/token_embedding/table/m"), start.keySet().toString());
    }
  }

  @Test
  void fineTuningLearnsAndItsWorkdirReloadsWithoutThePretrainingRun() throws Exception {
    Path workdir = temp.resolve("fine-tuned");
    Trainer.History history = new TextClassifierTraining(fineTuning(), workdir).run(train,
        TextClassifierTrainingTest.sentiments(100, 2), List.of());
    assertTrue(history.best().orElseThrow().evalAccuracy() >= 0.95,
        "best eval accuracy " + history.best().orElseThrow().evalAccuracy());
    try (TrainedTextClassifier model = TrainedTextClassifier.load(workdir)) {
      assertEquals(history.best().orElseThrow().evalAccuracy(),
          model.evaluate(TextClassifierTrainingTest.sentiments(100, 2)).accuracy());
    }
  }

  @Test
  void mismatchesAreOneLineErrorsNamingTheProblem() throws Exception {
    ConfigException unset = assertThrows(ConfigException.class,
        () -> PretrainedEncoder.of(TinyPretraining.config(1), vocabulary));
    assertEquals("preset sst2-transformer-mlm fine-tunes a pre-trained encoder: run ./kiln"
        + " pretrain --preset sst2-transformer-mlm --workdir W first, then train with --set"
        + " pretrained_workdir=W", unset.getMessage());
    assertTrue(PretrainedEncoder.of(Presets.named("sst2-transformer").config(), vocabulary)
        .isEmpty(), "from scratch");

    Config gpt2 = fineTuning("tokenizer=gpt2");
    ConfigException tokens = assertThrows(ConfigException.class,
        () -> PretrainedEncoder.of(gpt2, ClassifierTokenizer.fit(gpt2, train)));
    assertEquals("config field tokenizer: a masked-LM pre-trained encoder needs tokenizer words,"
        + " not gpt2", tokens.getMessage());

    Path empty = Files.createDirectories(temp.resolve("empty"));
    ConfigException none = assertThrows(ConfigException.class, () -> PretrainedEncoder.of(
        fineTuning("pretrained_workdir=" + empty), vocabulary));
    assertEquals("pretrained_workdir " + empty + ": no checkpoint in " + empty.resolve("checkpoints")
        + " (pre-train one with ./kiln pretrain --preset sst2-transformer-mlm --workdir " + empty
        + ")", none.getMessage());

    Vocabulary other = Vocabulary.builder().add("a completely different vocabulary").build();
    ConfigException words = assertThrows(ConfigException.class,
        () -> PretrainedEncoder.of(fineTuning(), other));
    assertEquals("pretrained_workdir " + pretrained + ": its vocab.txt (" + vocabulary.size()
        + " tokens) is not this run's vocabulary (8 tokens, min_freq 1); they differ from line 5:"
        + " the encoder's token ids would not mean the same words", words.getMessage());

    Config wider = fineTuning("emb_dim=32");
    try (ModelSession<BinaryClassifierSteps> session = TextClassifierSession.open(wider, vocabulary.size(),
        List.of(16))) {
      PretrainedEncoder encoder = PretrainedEncoder.of(wider, vocabulary).orElseThrow();
      ConfigException shape = assertThrows(ConfigException.class,
          () -> encoder.loadInto(session.session(), session.store()));
      String latest = CheckpointState.read(pretrained.resolve("checkpoints")).orElseThrow()
          .latest().prefix(pretrained.resolve("checkpoints")).toString();
      assertEquals("pretrained_workdir " + pretrained + ": variable encoder/token_embedding/table"
          + " is [" + (vocabulary.size() + 1) + ", 16] in checkpoint " + latest + " but ["
          + (vocabulary.size() + 1) + ", 32] in this model", shape.getMessage());
    }
  }

  /** The encoder variables of the pre-training run's latest checkpoint, restored independently. */
  private static Map<String, float[]> pretrainedEncoder(Config config) throws Exception {
    Path checkpoints = pretrained.resolve("checkpoints");
    Path prefix = CheckpointState.read(checkpoints).orElseThrow().latest().prefix(checkpoints);
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      ParameterStore store = new ParameterStore(graph, 99);
      new MaskedLanguageModel(store, config, vocabulary.size());
      List<Variable<?>> encoder = store.all().stream()
          .filter(v -> v.name().startsWith("encoder/")).toList();
      CheckpointIO io = new CheckpointIO(store, encoder, "encoder_only");
      store.initialize(session);
      io.restore(session, prefix);
      return read(graph, session, encoder);
    }
  }

  private static Map<String, float[]> values(ModelSession<BinaryClassifierSteps> model) {
    List<Variable<?>> floats = model.store().all().stream()
        .filter(v -> v.dtype() == TFloat32.class).toList();
    Map<String, float[]> values = read(model.store().graph(), model.session(), floats);
    return values;
  }

  private static Map<String, float[]> read(Graph graph, Session session, List<Variable<?>> vars) {
    Ops tf = Ops.create(graph);
    Session.Runner runner = session.runner();
    vars.forEach(v -> runner.fetch(tf.readVariableOp(v.handle(), TFloat32.class)));
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < vars.size(); i++) {
        TFloat32 t = (TFloat32) result.get(i);
        float[] a = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(a);
        values.put(vars.get(i).name(), a);
      }
    }
    return values;
  }
}
