package dev.kiln.launch;

import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.LabelledTextSplit;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.MetricsLogListener;
import dev.kiln.framework.train.ProgressDisplay;
import dev.kiln.framework.train.ProgressListener;
import dev.kiln.framework.train.TrainingListener;
import dev.kiln.models.run.ClassifierTraining;
import dev.kiln.models.run.Classifiers;
import dev.kiln.models.run.PretrainedEncoder;
import dev.kiln.models.run.RunWorkdir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import dev.kiln.framework.distribute.CollectiveBenchmark;
import dev.kiln.framework.distribute.DataParallel;
import dev.kiln.framework.train.DataParallelShard;
import org.tensorflow.exceptions.TensorFlowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln train --preset NAME}: prepares the data if needed, trains, checkpoints; on a workdir
 * with checkpoints, continues from the latest one.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a preset. Prepares its dataset first if it is missing (as TFDS does), writes"
          + " config.json, vocab.txt (word tokens; tfidf.txt for TF-IDF presets) and"
          + " metrics.jsonl to the workdir, checkpoints into <workdir>/checkpoints (the latest"
          + " few and the best), and prints the best epoch's accuracy on the eval split (dev"
          + " accuracy for glue/sst2); with a test_split (imdb-cnn: test), then evaluates that"
          + " epoch's checkpoint once on it and writes test_metrics.json.",
      "Splits (train_split, eval_split, test_split) are TFDS split specs: train,"
          + " train[:90%%], train[90%%:], test[-1000:], train+test, ...",
      "On a workdir with checkpoints it resumes from the latest one, exactly where it was"
          + " taken, with the workdir's config (--preset may be omitted; --set and --jit must"
          + " not change it unless --force-config).",
      "Presets: sst2-lstm-2020, sst2-rnn, sst2-gru, sst2-bilstm-attention, sst2-tfidf-logreg,"
          + " imdb-cnn, sst2-transformer, sst2-transformer-mlm (./kiln presets describes them).",
      "sst2-transformer-mlm fine-tunes the encoder of a ./kiln pretrain run: --set"
          + " pretrained_workdir=W."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--force-config",
      description = "Resume even if --set or --jit change the config the checkpoint was trained"
          + " with.")
  boolean forceConfig;

  @Mixin RunOptions options;

  @Mixin WorkerOptions workerOptions;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (workerOptions.startsLocalWorkers(System.getenv(WorkerOptions.TF_CONFIG))) {
      out.flush();
      return LocalWorkers.run(workerOptions.localWorkers,
          withoutLocalWorkers(spec.commandLine().getParseResult().originalArgs()), System.out,
          System.err);
    }
    Optional<DataParallel> workers = workerOptions.cluster(System.getenv(WorkerOptions.TF_CONFIG))
        .map(cluster -> DataParallel.start(cluster, workerOptions.timeoutSeconds,
            workerOptions.intraOpThreads()));
    boolean chief = workers.map(w -> w.cluster().isChief()).orElse(true);
    RunStart run = options.start("", forceConfig,
        "; pass --force-config to resume with it anyway");
    Config config = run.config();
    // Refused before the data are read: a batch the workers cannot share evenly.
    workers.ifPresent(w -> new DataParallelShard(w, w.cluster().rank())
        .rows(config.getInt("batch_size")));
    PreparedDataset dataset = run.dataset(options.source, options.dataDir.resolve(), out);
    RunSplits splits = RunSplits.of(config, dataset);
    List<LabelledText> train = read(dataset, config, splits.train());
    List<LabelledText> eval = read(dataset, config, splits.eval());
    if (chief) {
      out.printf(Locale.ROOT, "Training %s (jit=%s) on %s: %d train, %d eval examples"
              + " (train_split %s, eval_split %s%s); workdir %s%n",
          config.preset(), config.getString("jit"), config.getString("dataset"), train.size(),
          eval.size(), splits.train(), splits.eval(),
          splits.test().map(test -> ", test_split " + test + " once at the end").orElse(""),
          run.runDir());
    }
    workers.ifPresent(w -> (chief ? out : err).printf(Locale.ROOT, "%s of %d: data-parallel,"
            + " %d of every %d rows per step%s%n", w.cluster().describe(w.cluster().rank()),
        w.workers(), config.getInt("batch_size") / w.workers(), config.getInt("batch_size"),
        chief ? "; this worker evaluates and writes the workdir" : ""));
    ClassifierTraining training = workers.isPresent()
        ? Classifiers.training(config, run.runDir(), workers.get())
        : Classifiers.training(config, run.runDir());
    List<TrainingListener> listeners = chief
        ? List.of(new ProgressListener(ProgressDisplay.forConsole()),
            new MetricsLogListener(run.metrics(), splits.metricsFields()))
        : List.of();
    try {
      if (run.resumeFrom().isPresent()) {
        training.resume(train, eval, listeners,
            chief ? run.announceResume(out) : run.resumeFrom().get());
      } else {
        PretrainedEncoder.workdir(config).ifPresent(dir -> out.println(
            "Fine-tuning the encoder pre-trained in " + dir + " (its latest checkpoint)"));
        out.flush();
        training.run(train, eval, listeners);
      }
    } catch (TensorFlowException e) {
      if (workers.isEmpty()) {
        throw e;
      }
      out.flush();
      throw new UserError(workers.get().explainFailure(e));
    }
    if (workers.isPresent() && "1".equals(System.getenv("KILN_TIME_COLLECTIVES"))) {
      // tools/multiworker/benchmark.sh: every worker gets here after the same last step.
      (chief ? out : err).println(CollectiveBenchmark.run(workers.get(), 20));
    }
    if (!chief) {
      err.println(workers.get().cluster().describe(workers.get().cluster().rank())
          + ": finished; the chief's workdir holds the results");
      return 0;
    }
    CheckpointRecord best = CheckpointState.read(
        run.runDir().resolve(RunWorkdir.CHECKPOINT_DIR))
        .flatMap(CheckpointState::best).orElseThrow();
    out.printf(Locale.ROOT, "Best epoch %d of %d: %s accuracy %.2f%% (eval loss %.4f)%n",
        best.progress().epoch(), config.getInt("num_epochs"), RunSplits.label(splits.eval()),
        100 * best.metrics().get("eval_accuracy"), best.metrics().get("eval_loss"));
    if (splits.test().isPresent()) {
      out.flush();
      out.println(TestSplitReport.evaluate(run.runDir(), best, splits.eval(), splits.test().get(),
          read(dataset, config, splits.test().get())));
    }
    return 0;
  }

  /**
   * {@code train}'s own arguments from the command line's ({@code args}, which start with the
   * command name), without {@code --local-workers N} (or {@code --local-workers=N}).
   */
  static List<String> withoutLocalWorkers(List<String> args) {
    List<String> kept = new ArrayList<>();
    int first = !args.isEmpty() && args.get(0).equals("train") ? 1 : 0;
    for (int i = first; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--local-workers")) {
        i++;
      } else if (!arg.startsWith("--local-workers=")) {
        kept.add(arg);
      }
    }
    return kept;
  }

  /** The examples of split spec {@code split}, with {@code config}'s text and label features. */
  static List<LabelledText> read(PreparedDataset dataset, Config config, String split) {
    return LabelledTextSplit.read(dataset, split, config.getString("text_feature"),
        config.getString("label_feature"));
  }
}
