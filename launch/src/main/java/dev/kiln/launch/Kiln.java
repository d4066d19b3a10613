package dev.kiln.launch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code kiln} command line: one subcommand per job, each in its own class. */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = KilnVersion.class,
    description = "Kiln: train TensorFlow models from the JVM, compiled by XLA.",
    subcommands = {
      PrepareCommand.class,
      DatasetCommand.class,
      PresetsCommand.class,
      TrainCommand.class,
      PretrainCommand.class,
      EvalCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      ServeCommand.class,
      CompileCommand.class,
      DevicesCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Kiln implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Kiln());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    return commandLine;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
