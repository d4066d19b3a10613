package dev.kiln.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code train} and {@code pretrain} start or resume a run from ({@link RunStart}):
 * {@code --preset}, {@code --workdir}, {@code --jit}, {@code --set}, {@code --source} and {@code
 * --data-dir}.
 */
final class RunOptions {
  @Option(names = "--preset", paramLabel = "NAME",
      description = "The configuration to run (./kiln presets lists them); when resuming, the"
          + " workdir's.")
  String preset;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Where the run's files go (default: runs/<preset>, or"
          + " runs/<preset>-pretrain for pretrain).")
  Path workdir;

  @Option(names = "--jit", paramLabel = "xla|none",
      description = "Compile the steps with XLA (xla) or run them op by op (none). Default: the"
          + " preset's jit field.")
  String jit;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Overrides a config field, e.g. --set num_epochs=3 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--source", paramLabel = "PATH_OR_URL",
      description = "Where to prepare the preset's dataset from if it is missing (as ./kiln"
          + " prepare).")
  String source;

  @Mixin DataDirOption dataDir;

  /**
   * @param workdirSuffix appended to {@code runs/<preset>} for the default workdir
   * @see RunStart#resolve
   */
  RunStart start(String workdirSuffix, boolean forceConfig, String forceHint)
      throws IOException {
    return RunStart.resolve(new RunStart.Options(preset, workdir, overrides, jit),
        preset == null ? null : Path.of("runs", preset + workdirSuffix), forceConfig, forceHint);
  }
}
