package dev.kiln.launch;

import dev.kiln.datasets.DatasetBuilders;
import dev.kiln.datasets.tfds.DataSource;
import dev.kiln.datasets.tfds.DatasetBuilder;
import dev.kiln.datasets.tfds.PrepareResult;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.framework.Jit;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.train.MetricsLog;
import dev.kiln.models.Presets;
import dev.kiln.models.run.RunWorkdir;
import dev.kiln.models.run.TrainedWorkdir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How {@code train} and {@code pretrain} start a run: a new one from {@code --preset} with the
 * {@code --set} and {@code --jit} options applied, or the workdir's own run resumed from its latest
 * checkpoint with its config (which the options must not change, unless forced); and the
 * config's dataset, prepared first if it is missing.
 *
 * @param runDir the workdir
 * @param resumeFrom the checkpoint to continue from; empty for a new run
 * @param metrics the workdir's metrics.jsonl
 * @param config the run's config
 */
record RunStart(Path runDir, Optional<CheckpointRecord> resumeFrom, MetricsLog metrics,
    Config config) {

  /** The command-line options a run starts from. */
  record Options(String preset, Path workdir, List<String> overrides, String jit) {}

  /**
   * @param defaultWorkdir the workdir when {@code --workdir} is not given
   * @param forceConfig whether a resume may change the checkpoint's config
   * @param forceHint how to force it, appended to the refusal ("" when the command cannot)
   * @throws UserError for options that name no run, or a config the checkpoint was not trained with
   */
  static RunStart resolve(Options options, Path defaultWorkdir, boolean forceConfig,
      String forceHint) throws IOException {
    if (options.preset() == null && options.workdir() == null) {
      throw new UserError("give --preset NAME (and optionally --workdir DIR), or the --workdir"
          + " of a run to resume");
    }
    Path runDir = options.workdir() != null ? options.workdir() : defaultWorkdir;
    Optional<CheckpointRecord> resumeFrom =
        CheckpointState.read(runDir.resolve(RunWorkdir.CHECKPOINT_DIR))
            .map(CheckpointState::latest);
    MetricsLog metrics = new MetricsLog(runDir);
    if (resumeFrom.isEmpty() && Files.exists(metrics.file())) {
      throw new UserError("workdir " + runDir + " already holds a run (" + MetricsLog.FILE_NAME
          + ") but no checkpoint to resume from; choose another --workdir or remove it");
    }
    if (resumeFrom.isEmpty() && options.preset() == null) {
      throw new UserError("workdir " + runDir + " has no checkpoint to resume from; give --preset"
          + " NAME to start a run there");
    }
    Config config = resumeFrom.isPresent()
        ? resumedConfig(options, runDir, resumeFrom.get(), forceConfig, forceHint)
        : withOptions(options, Presets.named(options.preset()).config());
    return new RunStart(runDir, resumeFrom, metrics, config);
  }

  /** The config's dataset in {@code dataDir}, prepared from {@code source} first if missing. */
  PreparedDataset dataset(String source, Path dataDir, PrintWriter out) throws IOException {
    return prepared(config, source, dataDir, out);
  }

  /** {@code config}'s dataset in {@code dataDir}, prepared from {@code source} first if missing. */
  static PreparedDataset prepared(Config config, String source, Path dataDir, PrintWriter out)
      throws IOException {
    DatasetBuilder builder = DatasetBuilders.forName(config.getString("dataset"));
    PrepareResult prepared = builder.prepare(DataSource.parse(source), dataDir, false);
    if (!prepared.alreadyPrepared()) {
      out.println(prepared.message());
    }
    return builder.open(dataDir);
  }

  /**
   * Says which checkpoint the run resumes from and drops the metrics lines written after it.
   *
   * @return that checkpoint
   */
  CheckpointRecord announceResume(PrintWriter out) throws IOException {
    CheckpointRecord from = resumeFrom.orElseThrow();
    out.println("Resuming from " + RunWorkdir.CHECKPOINT_DIR + "/" + from.describe());
    out.flush();
    metrics.keepEpochsThrough(from.epochsFinished());
    return from;
  }

  /** {@code config} with the --set and --jit options applied. */
  private static Config withOptions(Options options, Config config) {
    Config updated = config.withOverrides(options.overrides());
    return options.jit() == null
        ? updated
        : updated.with("jit", Jit.parse(options.jit()).name().toLowerCase(Locale.ROOT));
  }

  /**
   * The workdir's config with the options applied, which must be the config {@code checkpoint}
   * was trained with unless {@code forceConfig}.
   */
  private static Config resumedConfig(Options options, Path runDir, CheckpointRecord checkpoint,
      boolean forceConfig, String forceHint) throws IOException {
    Config saved = TrainedWorkdir.config(runDir);
    if (options.preset() != null && !options.preset().equals(saved.preset())) {
      throw new UserError("--preset " + options.preset() + " does not match workdir " + runDir
          + ", a run of " + saved.preset() + " (omit --preset to resume it)");
    }
    Config config = withOptions(options, saved);
    if (!forceConfig && !config.hash().equals(checkpoint.configHash())) {
      List<String> differences = ConfigDifferences.between(saved, config);
      throw new UserError("cannot resume " + runDir + " with another config than its checkpoint's"
          + " (" + (differences.isEmpty() ? "config.json changed since" : String.join(", ",
              differences)) + ")" + forceHint);
    }
    return config;
  }
}
