package dev.kiln.models.run;

import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.Batch;
import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.EvalBatcher;
import dev.kiln.datasets.text.MaskedBatch;
import dev.kiln.datasets.text.TokenMasker;
import dev.kiln.datasets.text.TrainBatcher;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.checkpoint.BestMetric;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import dev.kiln.models.transformer.TransformerEncoders;
import dev.kiln.models.transformer.mlm.MaskedLmSteps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Phase 1 of {@code sst2-transformer-mlm}: pre-trains the classifier's Transformer encoder as a
 * masked language model (BERT's objective) on unlabelled sequences, into a workdir that phase 2
 * ({@code pretrained_workdir}) fine-tunes from.
 *
 * <p>Runs {@code pretrain_steps} Adam steps of {@code pretrain_batch_size} sequences, bucketed by
 * length as classifier training is, each batch corrupted by a {@link TokenMasker} ({@code
 * mask_rate}, {@code mask_token_fraction}, {@code random_token_fraction}; the mask id is the extra
 * embedding row of {@link TransformerEncoders#maskId}). Every {@code pretrain_eval_every_steps}
 * steps (a round: the "epoch" of {@code metrics.jsonl}, the progress line and checkpoints) it
 * evaluates the masked-LM loss and masked-token accuracy on held-out sentences, masked the same
 * way every time. Like classifier training, it writes {@code config.json}, {@code vocab.txt},
 * {@code checkpoints/} (every {@code checkpoint_every_steps} steps and each round's end; the best
 * by {@code eval_loss}) and {@code tensorboard/}, and {@link #resume} continues exactly.
 */
public final class MaskedLmPretraining {
  /** The config field whose presence marks a preset with a pre-training phase. */
  public static final String STEPS_FIELD = "pretrain_steps";

  private final Config config;
  private final Path workdir;

  /** @throws ConfigException if the config has no pre-training phase or its lengths do not fit */
  public MaskedLmPretraining(Config config, Path workdir) {
    if (!config.fields().contains(STEPS_FIELD)) {
      throw new ConfigException("preset " + config.preset() + " has no pre-training phase (no "
          + STEPS_FIELD + " field); pre-training presets: sst2-transformer-mlm");
    }
    if (config.fields().contains(ClassifierTokenizer.FIELD)
        && !config.getString(ClassifierTokenizer.FIELD).equals(ClassifierTokenizer.WORDS)) {
      throw new ConfigException("config field tokenizer: masked-LM pre-training masks words of"
          + " the train split's vocabulary, so it needs tokenizer " + ClassifierTokenizer.WORDS
          + ", not " + config.getString(ClassifierTokenizer.FIELD));
    }
    int steps = config.getInt(STEPS_FIELD);
    int every = config.getInt("pretrain_eval_every_steps");
    if (every < 1 || steps < 1 || steps % every != 0) {
      throw new ConfigException("config fields " + STEPS_FIELD + " (" + steps + ") and"
          + " pretrain_eval_every_steps (" + every + "): the steps must be a positive multiple of"
          + " the evaluation interval");
    }
    this.config = config;
    this.workdir = workdir;
  }

  /** The number of rounds of {@code pretrain_eval_every_steps} steps. */
  public int rounds() {
    return config.getInt(STEPS_FIELD) / config.getInt("pretrain_eval_every_steps");
  }

  /** The masker the config describes for a vocabulary of {@code vocabularySize}. */
  public TokenMasker masker(int vocabularySize) {
    try {
      return new TokenMasker(vocabularySize, TransformerEncoders.maskId(vocabularySize),
          config.getDouble("mask_rate"), config.getDouble("mask_token_fraction"),
          config.getDouble("random_token_fraction"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config fields mask_rate, mask_token_fraction,"
          + " random_token_fraction: " + e.getMessage());
    }
  }

  /**
   * @param vocabulary the classifier's (from the train split); {@code train} and {@code eval}
   *     are encoded with it
   * @param train the pre-training sequences
   * @param eval held-out sequences for the masked-LM metrics
   */
  public Trainer.History run(Vocabulary vocabulary, EncodedDataset train, EncodedDataset eval,
      List<TrainingListener> listeners) throws IOException {
    return train(vocabulary, train, eval, listeners, Optional.empty());
  }

  /** Continues this workdir's run from {@code checkpoint}, with the same config and data. */
  public Trainer.History resume(Vocabulary vocabulary, EncodedDataset train, EncodedDataset eval,
      List<TrainingListener> listeners, CheckpointRecord checkpoint) throws IOException {
    return train(vocabulary, train, eval, listeners, Optional.of(checkpoint));
  }

  private Trainer.History train(Vocabulary vocabulary, EncodedDataset train, EncodedDataset eval,
      List<TrainingListener> listeners, Optional<CheckpointRecord> from) throws IOException {
    if (train.size() == 0 || eval.size() == 0) {
      throw new ConfigException("masked-LM pre-training needs training and evaluation sequences,"
          + " got " + train.size() + " and " + eval.size());
    }
    TokenMasker masker = masker(vocabulary.size());
    BucketBoundaries boundaries = BucketBoundaries.bySize(config.getInt("bucket_size"),
        config.getInt("max_input_length"));
    int batchSize = config.getInt("pretrain_batch_size");
    long seed = config.getInt("seed");
    StepRounds rounds = new StepRounds(new TrainBatcher(train, boundaries, batchSize, seed, false),
        config.getInt("pretrain_eval_every_steps"), masker, seed);
    List<MaskedBatch> evalBatches = maskedEvalBatches(eval, boundaries, batchSize, masker, seed);

    Path checkpoints = workdir.resolve(RunWorkdir.CHECKPOINT_DIR);
    if (from.isEmpty()) {
      RunWorkdir.requireNoEarlierRun(checkpoints, "pre-train in another workdir");
    }
    if (from.isPresent() && from.get().progress().batchesInEpoch() != rounds.stepsPerRound()) {
      throw new ConfigException("cannot resume from " + from.get().name() + ": its rounds had "
          + from.get().progress().batchesInEpoch() + " steps, pretrain_eval_every_steps is now "
          + rounds.stepsPerRound());
    }
    AtomicFiles.writeString(workdir.resolve(RunWorkdir.CONFIG_FILE), config.toJson());
    vocabulary.save(workdir.resolve(Vocabulary.FILE_NAME));

    try (ModelSession<MaskedLmSteps> model = MaskedLmSession.open(config, vocabulary.size(),
        boundaries.asList(), masker::predictionsPerRow)) {
      return new RunLoop(workdir, config, listeners, from).run(model, hyperparameters(),
          RunWorkdir.checkpointPolicy(config, BestMetric.EVAL_LOSS), rounds::round,
          rounds.stepsPerRound(), evalBatches, rounds());
    }
  }

  /** The held-out batches, masked once with fixed seeds so every evaluation sees the same task. */
  private static List<MaskedBatch> maskedEvalBatches(EncodedDataset eval,
      BucketBoundaries boundaries, int batchSize, TokenMasker masker, long seed) {
    List<MaskedBatch> batches = new ArrayList<>();
    long index = 0;
    for (Batch batch : new EvalBatcher(eval, boundaries, batchSize)) {
      batches.add(masker.mask(batch, StepRounds.maskSeed(seed, -1 - index++)));
    }
    return batches;
  }

  private Map<String, Object> hyperparameters() {
    Map<String, Object> values = RunWorkdir.hyperparameters(config);
    values.put("phase", "masked-LM pre-training");
    return values;
  }
}
