package dev.kiln.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs {@code kiln compile} again in a child JVM whose {@code XLA_FLAGS} make TensorFlow dump
 * every module it compiles, and moves the result into place when the child succeeds.
 */
final class CompileChild {
  private CompileChild() {}

  /** Where the child writes before the rename: {@code <out>.incomplete}. */
  static Path incomplete(Path out) {
    return out.resolveSibling(out.getFileName() + ".incomplete");
  }

  /** @return the child's exit status */
  static int run(CommandSpec spec, Path out) throws IOException, InterruptedException {
    out = out.toAbsolutePath().normalize();
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new UserError("--out " + out + " already exists; choose a new directory");
    }
    Path target = incomplete(out);
    deleteTree(target);
    Path dump = target.resolve(".xla-dump");
    Files.createDirectories(dump);

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
    Process child = builder.start();
    Thread stopChild = new Thread(child::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(stopChild);
    Thread stdout = relay(child.getInputStream(), spec.commandLine().getOut());
    Thread stderr = relay(child.getErrorStream(), spec.commandLine().getErr());
    int status;
    try {
      status = child.waitFor();
      stdout.join(10_000);
      stderr.join(10_000);
    } finally {
      child.destroyForcibly();
      Runtime.getRuntime().removeShutdownHook(stopChild);
    }
    if (status != 0) {
      deleteTree(target);
      return status;
    }
    deleteTree(dump);
    if (Files.exists(out)) {
      Files.delete(out); // empty, checked above
    }
    Files.move(target, out, StandardCopyOption.ATOMIC_MOVE);
    return 0;
  }

  /** Copies the child's lines to {@code to} as they come, on a daemon thread. */
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

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
