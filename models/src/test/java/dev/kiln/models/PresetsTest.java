package dev.kiln.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresetsTest {

  @Test
  void theFlax2020PresetHasTheValuesBehindItsTable() {
    Config config = Presets.named("sst2-lstm-2020").config();
    assertEquals("lstm_classifier", config.getString("model"));
    assertEquals(256, config.getInt("embedding_size"));
    assertEquals(256, config.getInt("hidden_size"));
    assertEquals(0.5, config.getDouble("emb_dropout"));
    assertEquals(0.1, config.getDouble("word_dropout_rate"));
    assertEquals(0.5, config.getDouble("dropout_rate"));
    assertEquals("adam", config.getString("optimizer"));
    assertEquals(5e-4, config.getDouble("learning_rate"));
    assertEquals(1e-6, config.getDouble("l2_reg"));
    assertEquals(64, config.getInt("batch_size"));
    assertEquals(5, config.getInt("min_freq"));
    assertEquals(55, config.getInt("max_input_length"));
    assertEquals(20, config.getInt("num_epochs"));
    assertEquals(500, config.getInt("checkpoint_every_steps"));
    assertEquals(3, config.getInt("keep_checkpoints"));
    assertEquals("eval_accuracy", config.getString("best_metric"));
  }

  @Test
  void theRnnAndGruPresetsAreThe2020OneWithAnotherCell() {
    Config lstm = Presets.named("sst2-lstm-2020").config();
    assertEquals("lstm", lstm.getString("cell"));
    for (String cell : List.of("rnn", "gru")) {
      Config config = Presets.named("sst2-" + cell).config();
      assertEquals(cell, config.getString("cell"));
      assertEquals("sst2-" + cell, config.preset());
      assertEquals(lstm.fields(), config.fields());
      for (String field : lstm.fields()) {
        if (!field.equals("cell")) {
          assertEquals(lstm.value(field), config.value(field), field);
        }
      }
    }
  }

  @Test
  void everyPresetTrainsOnThePlainCrossEntropy() {
    for (Preset preset : Presets.all()) {
      assertEquals("bce", preset.config().getString("loss"), preset.name());
    }
  }

  @Test
  void theFlaxDefaultPresetOverridesWhatDiffers() {
    Config config = Presets.named("sst2-bilstm-attention").config();
    assertEquals(300, config.getInt("embedding_size"));
    assertEquals("sgd", config.getString("optimizer"));
    assertEquals(0.9, config.getDouble("momentum"));
    assertEquals(3e-6, config.getDouble("weight_decay"));
    assertEquals(3, config.getInt("min_freq"));
    assertEquals(60, config.getInt("max_input_length"));
    assertEquals(10, config.getInt("num_epochs"));
  }

  @Test
  void theImdbCnnPresetHasTheTutorialsValues() {
    Config config = Presets.named("imdb-cnn").config();
    assertEquals("imdb_reviews", config.getString("dataset"));
    assertEquals("text", config.getString("text_feature"));
    assertEquals("train[:90%]", config.getString("train_split"));
    assertEquals("train[90%:]", config.getString("eval_split"));
    assertEquals("test", config.getString("test_split"));
    assertEquals("gpt2", config.getString("tokenizer"));
    assertEquals("cnn_classifier", config.getString("model"));
    assertEquals(500, config.getInt("max_input_length"));
    assertEquals(50, config.getInt("bucket_size"));
    assertEquals(128, config.getInt("embedding_size"));
    assertEquals(1 / Math.sqrt(128), config.getDouble("embedding_init_stddev"));
    assertEquals(128, config.getInt("conv_features"));
    assertEquals(7, config.getInt("conv_kernel_size"));
    assertEquals(3, config.getInt("conv_strides"));
    assertEquals(128, config.getInt("hidden_size"));
    assertEquals(0.5, config.getDouble("emb_dropout"));
    assertEquals(0.5, config.getDouble("dropout_rate"));
    assertEquals("adam", config.getString("optimizer"));
    assertEquals(5e-4, config.getDouble("learning_rate"));
    assertEquals(0.0, config.getDouble("l2_reg"));
    assertEquals(128, config.getInt("batch_size"));
    assertEquals(10, config.getInt("num_epochs"));
  }

  @Test
  void everySst2PresetTokenizesWords() {
    for (String name : List.of("sst2-lstm-2020", "sst2-rnn", "sst2-gru", "sst2-bilstm-attention")) {
      assertEquals("words", Presets.named(name).config().getString("tokenizer"), name);
    }
  }

  @Test
  void everySst2PresetTrainsOnTrainSelectsOnValidationAndHasNoTestFigure() {
    for (Preset preset : Presets.all()) {
      Config config = preset.config();
      if (config.getString("dataset").equals("glue/sst2")) {
        assertEquals("train", config.getString("train_split"), preset.name());
        assertEquals("validation", config.getString("eval_split"), preset.name());
        assertEquals("", config.getString("test_split"), preset.name());
      }
    }
  }

  @Test
  void theTfidfPresetIsScikitLearnsDefaultsWithItsC() {
    Config config = Presets.named("sst2-tfidf-logreg").config();
    assertEquals("tfidf_logistic_regression", config.getString("model"));
    assertEquals(20_000, config.getInt("max_features"));
    assertEquals(true, config.getBoolean("lowercase"));
    // C = 1 over SST-2's 67,349 training sentences: 1 / (2 C n) on the mean loss.
    assertEquals(7.4240e-6, config.getDouble("l2_reg"), 1e-10);
    assertEquals(20 * 264, config.getInt("lr_decay_steps"), "20 epochs of 67,349 / 256 batches");
    assertEquals(20, config.getInt("num_epochs"));
    assertEquals(256, config.getInt("batch_size"));
  }

  @Test
  void theTransformerPresetsShareTheClassifierAndOnlyTheMlmOneHasAPretrainingPhase() {
    Config scratch = Presets.named("sst2-transformer").config();
    assertEquals("transformer_classifier", scratch.getString("model"));
    assertEquals(128, scratch.getInt("emb_dim"));
    assertEquals(4, scratch.getInt("num_heads"));
    assertEquals(512, scratch.getInt("mlp_dim"));
    assertEquals(2, scratch.getInt("num_layers"));
    assertEquals(55, scratch.getInt("max_input_length"));
    assertEquals(64, scratch.getInt("batch_size"));
    assertEquals(scratch.getInt("num_epochs") * 1057, scratch.getInt("lr_decay_steps"),
        "the cosine ends with the last epoch (1,057 SST-2 batches each)");
    Config mlm = Presets.named("sst2-transformer-mlm").config();
    for (String field : scratch.fields()) {
      if (!List.of("learning_rate", "num_epochs", "lr_warmup_steps", "lr_decay_steps")
          .contains(field)) {
        assertEquals(scratch.value(field), mlm.value(field), field);
      }
    }
    assertEquals(mlm.getInt("num_epochs") * 1057, mlm.getInt("lr_decay_steps"));
    // Measured faster than the executor, for the classifier and for masked-LM pre-training.
    assertEquals("xla", scratch.getString("jit"));
    assertEquals("", mlm.getString("pretrained_workdir"));
    assertEquals(0.15, mlm.getDouble("mask_rate"));
    assertEquals(0.8, mlm.getDouble("mask_token_fraction"));
    assertEquals(0.1, mlm.getDouble("random_token_fraction"));
    assertEquals(0, mlm.getInt("pretrain_steps") % mlm.getInt("pretrain_eval_every_steps"));
    assertTrue(!scratch.fields().contains("pretrain_steps"));
    String summary = Presets.named("sst2-transformer-mlm").summary();
    assertTrue(summary.contains("./kiln pretrain --preset sst2-transformer-mlm --workdir W")
        && summary.contains("--set pretrained_workdir=W"), summary);
  }

  @Test
  void unknownPresetListsTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class, () -> Presets.named("nope"));
    assertEquals("unknown preset 'nope' (known: sst2-lstm-2020, sst2-rnn, sst2-gru,"
        + " sst2-bilstm-attention, sst2-tfidf-logreg, imdb-cnn, sst2-transformer,"
        + " sst2-transformer-mlm)", e.getMessage());
    assertEquals(List.of("sst2-lstm-2020", "sst2-rnn", "sst2-gru", "sst2-bilstm-attention",
            "sst2-tfidf-logreg", "imdb-cnn", "sst2-transformer", "sst2-transformer-mlm"),
        Presets.all().stream().map(Preset::name).toList());
  }
}
