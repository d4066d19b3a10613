package dev.kiln.launch;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.kiln.datasets.tfds.IncompleteDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code kiln compile} again in a child JVM whose {@code XLA_FLAGS} make TensorFlow dump
 * every module it compiles, into an incomplete directory renamed to {@code --out} when the child
 * succeeds.
 */
final class CompileChild {
  private CompileChild() {}

  /** The child's non-zero exit status, which leaves nothing behind. */
  private static final class ChildFailed extends RuntimeException {
    final int status;

    ChildFailed(int status) {
      super(null, null, false, false);
      this.status = status;
    }
  }

  /**
   * Runs the child with {@code --xla-dump-dir=<incomplete>/.xla-dump}; the child writes the
   * programs into that directory's parent, which {@link IncompleteDirectory} renames to {@code out}
   * once the child succeeded.
   *
   * @return the child's exit status
   */
  static int run(CommandSpec spec, Path out) throws IOException {
    Path target = out.toAbsolutePath().normalize();
    if (Files.exists(target) && !isEmptyDirectory(target)) {
      throw new UserError("--out " + out + " already exists; choose a new directory");
    }
    try {
      IncompleteDirectory.build(target, dir -> {
        Path dump = dir.resolve(".xla-dump");
        try {
          Files.createDirectories(dump);
          int status = runChild(spec, dump);
          if (status != 0) {
            throw new ChildFailed(status);
          }
          MoreFiles.deleteRecursively(dump, RecursiveDeleteOption.ALLOW_INSECURE);
          return status;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException(new InterruptedIOException("interrupted"));
        }
      });
      return 0;
    } catch (ChildFailed e) {
      return e.status;
    }
  }

  private static int runChild(CommandSpec spec, Path dump)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Kiln.class.getName());
    command.addAll(spec.commandLine().getParseResult().originalArgs());
    command.add("--xla-dump-dir=" + dump);
    ProcessBuilder builder = new ProcessBuilder(command);
    String flags = System.getenv().getOrDefault("XLA_FLAGS", "");
    builder.environment().put("XLA_FLAGS",
        (flags + " --xla_dump_to=" + dump + " " + CompileCommand.DUMP_FLAGS).strip());
    // A step loaded from TensorFlow's persistent XLA cache (the kiln launcher sets one) is not
    // compiled, so nothing would be dumped: the child compiles everything afresh.
    String tfXlaFlags = System.getenv("TF_XLA_FLAGS");
    if (tfXlaFlags != null) {
      builder.environment().put("TF_XLA_FLAGS", withoutPersistentCache(tfXlaFlags));
    }
    Process child = builder.start();
    Thread stopChild = new Thread(child::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(stopChild);
    Thread stdout = relay(child.getInputStream(), spec.commandLine().getOut());
    Thread stderr = relay(child.getErrorStream(), spec.commandLine().getErr());
    try {
      int status = child.waitFor();
      stdout.join(10_000);
      stderr.join(10_000);
      return status;
    } finally {
      child.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(stopChild);
    }
  }

  /** Copies the child's lines to {@code to} as they come, on a daemon thread. */
  /** {@code TF_XLA_FLAGS} without its {@code --tf_xla_persistent_cache_*} flags. */
  static String withoutPersistentCache(String tfXlaFlags) {
    return Arrays.stream(tfXlaFlags.trim().split("\\s+"))
        .filter(flag -> !flag.startsWith("--tf_xla_persistent_cache_"))
        .collect(Collectors.joining(" "));
  }

  private static Thread relay(InputStream from, PrintWriter to) {
    Thread thread = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(from, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          to.println(line);
          to.flush();
        }
      } catch (IOException e) {
        // the child is gone; what it printed so far has been relayed
      }
    }, "kiln-compile-relay");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
