package dev.kiln.models.run;

import dev.kiln.framework.checkpoint.CheckpointManager;
import dev.kiln.framework.checkpoint.CheckpointPolicy;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.summary.TensorBoardListener;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.train.Trainer;
import dev.kiln.framework.train.TrainingListener;
import dev.kiln.framework.train.TrainingSteps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What every run in a workdir does once its data are batched and its model session is open
 * (text classifiers, TF-IDF + logistic regression, masked-LM pre-training): the steps, fresh or
 * restored from the checkpoint a resumed run starts at; TensorBoard's hyperparameters, graph and
 * scalars; checkpoints into {@code <workdir>/checkpoints/}; and the {@link Trainer} loop, fitted
 * from epoch 1 or resumed where the checkpoint was taken.
 *
 * @param workdir the run's workdir
 * @param config the run's config; its hash goes into every checkpoint
 * @param listeners the caller's listeners (progress, logging), before TensorBoard and checkpoints
 * @param from the checkpoint a resumed run continues from; empty for a new run
 * @param writes false for a data-parallel worker other than the chief: no TensorBoard, no
 *     checkpoints
 * @param beforeTraining called with the model once its variables are initialised or restored
 *     (a data-parallel run's start-up check)
 */
record RunLoop(Path workdir, Config config, List<TrainingListener> listeners,
    Optional<CheckpointRecord> from, boolean writes, Consumer<ModelSession<?>> beforeTraining) {

  /** A single-process run's loop: it writes the workdir. */
  RunLoop(Path workdir, Config config, List<TrainingListener> listeners,
      Optional<CheckpointRecord> from) {
    this(workdir, config, listeners, from, true, model -> {});
  }

  /**
   * @param hyperparameters what TensorBoard's text tab shows
   * @param trainEpoch the training batches of epoch {@code e} (1-based)
   * @param batchesPerEpoch how many batches each training epoch has
   * @param eval the evaluation batches, in order
   * @param numEpochs the last epoch to train
   * @return the epochs finished by this call
   */
  <B, S extends TrainingSteps<B>> Trainer.History run(ModelSession<S> model,
      Map<String, Object> hyperparameters, CheckpointPolicy policy,
      IntFunction<Iterable<B>> trainEpoch, int batchesPerEpoch, Iterable<B> eval, int numEpochs)
      throws IOException {
    Path checkpoints = workdir.resolve(RunWorkdir.CHECKPOINT_DIR);
    S steps = from.isPresent() ? model.restore(from.get().prefix(checkpoints)) : model.steps();
    beforeTraining.accept(model);
    if (!writes) {
      // A data-parallel worker other than the chief: it trains in step, and writes nothing.
      Trainer<B> trainer =
          new Trainer<>(steps, trainEpoch, batchesPerEpoch, eval, listeners, System::nanoTime);
      return from.isPresent()
          ? trainer.resume(from.get().resumePoint(), numEpochs)
          : trainer.fit(1, numEpochs);
    }
    try (TensorBoardListener tensorBoard =
        TensorBoardListener.open(workdir, model::currentLearningRate)) {
      tensorBoard.hyperparameters(hyperparameters);
      tensorBoard.graph(model.graphDef());
      List<TrainingListener> all = new ArrayList<>(listeners);
      all.add(tensorBoard);
      all.add(new CheckpointManager(model.checkpoints(), model.session(), checkpoints, policy,
          config.hash()));
      Trainer<B> trainer =
          new Trainer<>(steps, trainEpoch, batchesPerEpoch, eval, all, System::nanoTime);
      return from.isPresent()
          ? trainer.resume(from.get().resumePoint(), numEpochs)
          : trainer.fit(1, numEpochs);
    }
  }
}
