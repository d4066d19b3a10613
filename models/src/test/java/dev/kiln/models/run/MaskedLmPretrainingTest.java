package dev.kiln.models.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.EpochResult;
import dev.kiln.framework.train.MetricsLog;
import dev.kiln.framework.train.MetricsLogListener;
import dev.kiln.framework.train.Trainer;
import dev.kiln.models.Presets;
import dev.kiln.models.transformer.mlm.PretrainingCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedLmPretrainingTest {

  @Test
  void theMaskedLmLossFallsOnATinyCorpusAndTheRunIsRecorded(@TempDir Path workdir)
      throws Exception {
    List<String> train = TinyPretraining.sentences(400, 1);
    Vocabulary vocabulary = Vocabulary.builder().addAll(train).build();
    Config config = TinyPretraining.config(6);
    Trainer.History history = new MaskedLmPretraining(config, workdir).run(vocabulary,
        TinyPretraining.corpus(vocabulary, train), TinyPretraining.corpus(vocabulary, TinyPretraining.sentences(50, 2)),
        List.of(new MetricsLogListener(new MetricsLog(workdir))));

    List<EpochResult> rounds = history.epochs();
    assertEquals(6, rounds.size());
    assertEquals(60, rounds.get(5).step());
    // Chance is 1/17 (16 words and [MASK]); ln 17 = 2.83 is the loss of a uniform guess.
    double first = rounds.get(0).evalLoss();
    double last = rounds.get(5).evalLoss();
    assertTrue(first > 1.5 && last < 0.6 * first, "eval loss " + first + " -> " + last);
    assertTrue(rounds.get(5).evalAccuracy() > 0.4, "masked-token accuracy "
        + rounds.get(5).evalAccuracy());
    assertTrue(rounds.get(5).trainLoss() < 0.7 * rounds.get(0).trainLoss());

    assertEquals(6, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());
    assertEquals(vocabulary.tokens(), Vocabulary.load(workdir.resolve("vocab.txt")).tokens());
    assertEquals(config, Config.fromJson(Files.readString(workdir.resolve("config.json")),
        Presets.named("sst2-transformer-mlm").config(), "config.json"));
    CheckpointState state = CheckpointState.read(workdir.resolve("checkpoints")).orElseThrow();
    assertEquals("ckpt-00000060", state.latest().name());
    for (String dir : List.of("tensorboard/train", "tensorboard/eval")) {
      try (var files = Files.list(workdir.resolve(dir))) {
        assertTrue(files.findAny().isPresent(), dir);
      }
    }
    ConfigException again = assertThrows(ConfigException.class, () ->
        new MaskedLmPretraining(config, workdir).run(vocabulary, TinyPretraining.corpus(vocabulary, train),
            TinyPretraining.corpus(vocabulary, TinyPretraining.sentences(50, 2)), List.of()));
    assertTrue(again.getMessage().endsWith("holds the checkpoints of a run already; resume it or"
        + " pre-train in another workdir"), again.getMessage());
  }

  /** A run resumed from a mid-round checkpoint ends with the uninterrupted run's metrics. */
  @Test
  void resumesExactlyFromAMidRoundCheckpoint(@TempDir Path temp) throws Exception {
    List<String> train = TinyPretraining.sentences(300, 3);
    Vocabulary vocabulary = Vocabulary.builder().addAll(train).build();
    EncodedDataset trainData = TinyPretraining.corpus(vocabulary, train);
    EncodedDataset evalData = TinyPretraining.corpus(vocabulary, TinyPretraining.sentences(40, 4));
    Config config = TinyPretraining.config(2, "checkpoint_every_steps=5", "keep_checkpoints=10",
        "dropout_rate=0.1");
    Path whole = temp.resolve("whole");
    List<EpochResult> uninterrupted = new MaskedLmPretraining(config, whole)
        .run(vocabulary, trainData, evalData, List.of()).epochs();

    // The first run's state as it was after step 15, mid-way through round 2.
    Path resumed = temp.resolve("resumed");
    Path checkpoints = Files.createDirectories(resumed.resolve("checkpoints"));
    for (String name : List.of("ckpt-00000005", "ckpt-00000010", "ckpt-00000015")) {
      copy(whole.resolve("checkpoints").resolve(name), checkpoints.resolve(name));
    }
    Files.writeString(checkpoints.resolve("state.json"), "{\"latest\": \"ckpt-00000015\","
        + " \"best\": \"ckpt-00000010\", \"checkpoints\": [\"ckpt-00000005\", \"ckpt-00000010\","
        + " \"ckpt-00000015\"]}");
    CheckpointRecord from = CheckpointState.read(checkpoints).orElseThrow().latest();
    assertEquals(5, from.progress().batchesDone());
    List<EpochResult> rest = new MaskedLmPretraining(config, resumed)
        .resume(vocabulary, trainData, evalData, List.of(), from).epochs();

    assertEquals(1, rest.size());
    EpochResult expected = uninterrupted.get(1);
    assertEquals(expected.step(), rest.get(0).step());
    assertEquals(expected.trainLoss(), rest.get(0).trainLoss(), 1e-9);
    assertEquals(expected.trainAccuracy(), rest.get(0).trainAccuracy(), 1e-12);
    assertEquals(expected.evalLoss(), rest.get(0).evalLoss(), 1e-9);
    assertEquals(expected.evalAccuracy(), rest.get(0).evalAccuracy(), 1e-12);
  }

  @Test
  void refusesConfigsWithoutAPretrainingPhaseOrWithUnevenRounds(@TempDir Path workdir) {
    ConfigException none = assertThrows(ConfigException.class, () -> new MaskedLmPretraining(
        Presets.named("sst2-transformer").config(), workdir));
    assertEquals("preset sst2-transformer has no pre-training phase (no pretrain_steps field);"
        + " pre-training presets: sst2-transformer-mlm", none.getMessage());
    ConfigException uneven = assertThrows(ConfigException.class, () -> new MaskedLmPretraining(
        TinyPretraining.config(1, "pretrain_steps=25"), workdir));
    assertTrue(uneven.getMessage().contains("pretrain_steps (25) and pretrain_eval_every_steps"
        + " (10)"), uneven.getMessage());
    ConfigException gpt2 = assertThrows(ConfigException.class, () -> new MaskedLmPretraining(
        TinyPretraining.config(1, "tokenizer=gpt2"), workdir));
    assertTrue(gpt2.getMessage().startsWith("config field tokenizer: masked-LM pre-training"),
        gpt2.getMessage());
    ConfigException masking = assertThrows(ConfigException.class, () -> new MaskedLmPretraining(
        TinyPretraining.config(1, "mask_token_fraction=0.95"), workdir).masker(20));
    assertTrue(masking.getMessage().startsWith("config fields mask_rate, mask_token_fraction,"
        + " random_token_fraction: "), masking.getMessage());
  }

  @Test
  void cutsDocumentsIntoWindows() {
    List<String> tokens = List.of("a", "b", "c", "d", "e", "f", "g");
    assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g")),
        PretrainingCorpus.windows(tokens, 3));
    Vocabulary vocabulary = Vocabulary.builder().add("it 's a great film , is n't it").build();
    PretrainingCorpus corpus = new PretrainingCorpus(vocabulary, 5)
        .addSentences("sentences", List.of("a great film", "", "it 's"))
        .addDocuments("reviews", List.of("It's a GREAT<br />film, isn't it?", "<br />"));
    assertEquals(List.of(new PretrainingCorpus.Part("sentences", 3, 2),
        new PretrainingCorpus.Part("reviews", 2, 4)), corpus.parts());
    EncodedDataset data = corpus.build();
    assertEquals(6, data.size());
    // it 's a | great film , | is n't it | ? (unknown)
    List<String> decoded = new ArrayList<>();
    for (int i = 2; i < 6; i++) {
      List<String> words = new ArrayList<>();
      for (int id : data.example(i).ids()) {
        words.add(vocabulary.token(id));
      }
      decoded.add(String.join(" ", words));
    }
    assertEquals(List.of("<s> it 's a </s>", "<s> great film , </s>", "<s> is n't it </s>",
        "<s> <unk> </s>"), decoded);
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
  }
}
