package dev.kiln.models.run;

import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.EvalBatcher;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TokenEncoder;
import dev.kiln.datasets.text.TrainBatcher;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.framework.checkpoint.CheckpointManager;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import dev.kiln.datasets.text.Batch;
import dev.kiln.framework.distribute.DataParallel;
import dev.kiln.framework.distribute.StartupCheck;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a binary text classifier from a config, as the Flax example's {@code
 * train_and_evaluate(config, workdir)}: the {@link ClassifierTokenizer} the config names (a
 * vocabulary from the train split, or GPT-2's byte pairs), bucketed batches, the model and
 * optimizer the config names, compiled steps, and the {@link Trainer} loop.
 *
 * <p>Writes {@code <workdir>/config.json} (and {@code <workdir>/vocab.txt} for word tokens) before training,
 * checkpoints into {@code <workdir>/checkpoints/} ({@link CheckpointManager}: every {@code
 * checkpoint_every_steps} steps and each epoch's end, the {@code keep_checkpoints} latest plus the
 * best by {@code best_metric}), and writes TensorBoard event files (scalars, hyperparameters,
 * graph) under {@code <workdir>/tensorboard/}. {@link #resume} continues from a checkpoint exactly
 * where it was taken. A config with {@code pretrained_workdir} starts its encoder from that
 * pre-training run ({@link PretrainedEncoder}).
 * Config fields used here: {@code tokenizer}, {@code min_freq}, {@code max_input_length}, {@code bucket_size},
 * {@code batch_size}, {@code num_epochs}, {@code seed}, {@code jit}, the three checkpoint fields,
 * plus the model's and the optimizer's fields.
 */
public final class TextClassifierTraining implements ClassifierTraining {
  private final Config config;
  private final Path workdir;
  private final Optional<DataParallel> workers;

  public TextClassifierTraining(Config config, Path workdir) {
    this(config, workdir, Optional.empty());
  }

  /**
   * @param workers this process's part in a data-parallel run; only its chief (rank 0) writes
   *     the workdir and evaluates, the others train their share of every batch
   */
  public TextClassifierTraining(Config config, Path workdir, Optional<DataParallel> workers) {
    this.config = config;
    this.workdir = workdir;
    this.workers = workers;
  }

  @Override
  public Trainer.History train(List<LabelledText> train, List<LabelledText> eval,
      List<TrainingListener> listeners, Optional<CheckpointRecord> from) throws IOException {
    ClassifierTokenizer tokenizer = ClassifierTokenizer.fit(config, train);
    TokenEncoder encoder = tokenizer.encoder();
    EncodedDataset trainData = encoder.encodeAll(train);
    EncodedDataset evalData = encoder.encodeAll(eval);
    BucketBoundaries boundaries =
        BucketBoundaries.bySize(config.getInt("bucket_size"), encoder.maxLength());
    int batchSize = config.getInt("batch_size");
    TrainBatcher trainBatches =
        new TrainBatcher(trainData, boundaries, batchSize, config.getInt("seed"), false);
    EvalBatcher evalBatches = new EvalBatcher(evalData, boundaries, batchSize);
    // Checked before anything is written, so a refused run leaves the workdir as it was.
    Path checkpoints = workdir.resolve(RunWorkdir.CHECKPOINT_DIR);
    if (from.isEmpty()) {
      RunWorkdir.requireNoEarlierRun(checkpoints, "train in another workdir");
    } else {
      requireSameTokens(tokenizer, from.get());
      RunWorkdir.requireSameBatchesPerEpoch(from.get(), trainBatches.batchesPerEpoch());
    }
    Optional<PretrainedEncoder> pretrained =
        from.isEmpty() ? PretrainedEncoder.of(config, tokenizer) : Optional.empty();
    boolean chief = workers.map(w -> w.cluster().isChief()).orElse(true);
    if (chief) {
      AtomicFiles.writeString(workdir.resolve(RunWorkdir.CONFIG_FILE), config.toJson());
      tokenizer.save(workdir);
    }

    try (ModelSession<BinaryClassifierSteps> model = workers.isPresent()
        ? TextClassifierSession.open(config, encoder.vocabularySize(), boundaries.asList(),
            workers.get())
        : TextClassifierSession.open(config, encoder.vocabularySize(), boundaries.asList())) {
      pretrained.ifPresent(p -> p.loadInto(model.session(), model.store()));
      if (workers.isEmpty()) {
        return new RunLoop(workdir, config, listeners, from).run(model,
            RunWorkdir.hyperparameters(config), RunWorkdir.checkpointPolicy(config),
            trainBatches::epoch, trainBatches.batchesPerEpoch(), evalBatches,
            config.getInt("num_epochs"));
      }
      DataParallel group = workers.get();
      int rows = batchSize / group.workers();
      int firstRow = group.cluster().rank() * rows;
      Map<String, String> description = new LinkedHashMap<>(
          WorkerDescription.of(config, trainData, evalData, from));
      return new RunLoop(workdir, config, listeners, from, chief, started -> {
        description.put("initial parameters (sha256)", started.variablesHash());
        StartupCheck.requireSame(group, started.graph(), started.session(), description);
      }).run(model, RunWorkdir.hyperparameters(config), RunWorkdir.checkpointPolicy(config),
          epoch -> shard(trainBatches.epoch(epoch), firstRow, rows),
          trainBatches.batchesPerEpoch(), chief ? evalBatches : List.<Batch>of(),
          config.getInt("num_epochs"));
    }
  }

  /** Rows {@code firstRow..firstRow+rows-1} of every batch of {@code batches}. */
  private static Iterable<Batch> shard(Iterable<Batch> batches, int firstRow, int rows) {
    return () -> new Iterator<>() {
      private final Iterator<Batch> whole = batches.iterator();

      @Override
      public boolean hasNext() {
        return whole.hasNext();
      }

      @Override
      public Batch next() {
        return whole.next().rows(firstRow, rows);
      }
    };
  }

  /**
   * The checkpoint's embedding rows are the ids it was trained on: the workdir's vocab.txt for
   * word tokens, GPT-2's ids without one. A tokenizer now built otherwise (another min_freq, or
   * another tokenizer, say, under --force-config) cannot take its weights.
   */
  private void requireSameTokens(ClassifierTokenizer tokenizer, CheckpointRecord checkpoint)
      throws IOException {
    Path saved = workdir.resolve(Vocabulary.FILE_NAME);
    boolean savedWords = java.nio.file.Files.exists(saved);
    if (tokenizer.vocabulary().isEmpty() || !savedWords) {
      if (tokenizer.vocabulary().isPresent() || savedWords) {
        throw new ConfigException("cannot resume from " + checkpoint.name() + ": it was trained "
            + (savedWords ? "with the word vocabulary in " + saved : "without a word vocabulary"
                + " (no " + saved + ")") + ", but this config's tokenizer is "
            + tokenizer.name() + " (the tokenizer must stay as it was)");
      }
      return;
    }
    List<String> trained = Vocabulary.load(saved).tokens();
    List<String> rebuilt = tokenizer.vocabulary().get().tokens();
    if (!trained.equals(rebuilt)) {
      throw new ConfigException("cannot resume from " + checkpoint.name() + ": it was trained with"
          + " the " + trained.size() + "-token vocabulary in " + saved + ", but this config and"
          + " data build a " + rebuilt.size() + "-token one (min_freq and the training"
          + " data must stay as they were)");
    }
  }
}
