package dev.kiln.launch;

import dev.kiln.datasets.DatasetBuilders;
import dev.kiln.framework.config.Config;
import dev.kiln.launch.export.WorkdirExport;
import dev.kiln.models.run.TrainedWorkdir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln export --workdir DIR --export-dir BASE}: a checkpoint of a training workdir as
 * {@code BASE/<version>/}, a SavedModel for TensorFlow Serving and {@code kiln serve} (see
 * {@link WorkdirExport}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Exports a trained workdir as a SavedModel version for TensorFlow Serving.")
final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--workdir", required = true, paramLabel = "DIR",
      description = "The workdir of a ./kiln train run.")
  Path workdir;

  @Option(names = "--export-dir", required = true, paramLabel = "BASE",
      description = "The model base path; the export becomes BASE/<version>/.")
  Path exportDir;

  @Option(names = "--version", paramLabel = "N",
      description = "The version to write (default: one more than the highest in BASE, or 1).")
  Long version;

  @Option(names = "--checkpoint", defaultValue = "best", paramLabel = "best|latest|PATH",
      description = "Which checkpoint: best, latest or a checkpoint prefix (default: ${DEFAULT-VALUE}).")
  String checkpoint;

  @Option(names = "--labels", paramLabel = "FILE",
      description = "The class names, one a line, class 0 first"
          + " (default: the prepared dataset's <label_feature>.labels.txt).")
  Path labels;

  @Mixin DataDirOption dataDir;

  @Override
  public Integer call() throws IOException {
    if (version != null && version < 0) {
      throw new UserError("--version must not be negative, got " + version);
    }
    Path written = WorkdirExport.export(workdir, checkpoint,
        labels != null ? labels : datasetLabels(), exportDir,
        version == null ? OptionalLong.empty() : OptionalLong.of(version));
    spec.commandLine().getOut().println("Exported " + written);
    return 0;
  }

  /** {@code <label_feature>.labels.txt} of the dataset the workdir was trained on. */
  private Path datasetLabels() throws IOException {
    Config config = TrainedWorkdir.config(workdir);
    return DatasetBuilders.forName(config.getString("dataset")).open(dataDir.resolve())
        .directory().resolve(config.getString("label_feature") + ".labels.txt");
  }
}
