package dev.kiln.launch;

import dev.kiln.framework.distribute.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code train --local-workers N}: runs N copies of the same {@code train} command as worker
 * processes on free 127.0.0.1 ports ({@code --cluster ... --task-index i}), copies the chief's
 * stdout and stderr to this process's and the others' output to stderr, each line prefixed with
 * its worker, and stops every worker as soon as one fails, on Ctrl-C, or when this process ends.
 */
final class LocalWorkers {
  private static final long POLL_MS = 100;

  /**
   * Reading a persistent XLA cache entry, TensorFlow first tries it as a text proto and its
   * protobuf library prints the failure as an ERROR line before the binary read succeeds; the
   * {@code kiln} script drops these lines from its own JVM's stderr, this from the workers'.
   */
  private static final String XLA_CACHE_NOISE =
      "Error parsing text-format tensorflow.XlaSerializedCacheEntry";

  private LocalWorkers() {}

  /**
   * @param trainArgs the {@code train} command's own arguments, without {@code --local-workers}
   * @return the exit code: 0 when every worker finished, else the first failed worker's
   */
  static int run(int workers, List<String> trainArgs, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    if (workers < 1) {
      throw new UserError("--local-workers must be at least 1, got " + workers);
    }
    List<String> addresses = new ArrayList<>();
    for (int port : LoopbackPorts.free(workers)) {
      addresses.add("127.0.0.1:" + port);
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    List<Process> processes = new ArrayList<>();
    List<Thread> pumps = new ArrayList<>();
    Thread stopAll = new Thread(() -> processes.forEach(Process::destroyForcibly));
    Runtime.getRuntime().addShutdownHook(stopAll);
    try {
      for (int task = 0; task < workers; task++) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("train");
        command.addAll(trainArgs);
        command.addAll(List.of("--cluster", String.join(",", addresses), "--task-index",
            Integer.toString(task), "--intra-op-threads", Integer.toString(threads)));
        // The chief's stdout (progress, results) goes here unchanged; its stderr and the other
        // workers' output go, line by line, to stderr.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(task != 0);
        builder.environment().remove(WorkerOptions.TF_CONFIG);
        if (!"1".equals(System.getenv("KILN_DEBUG"))) {
          // TensorFlow logs a stopped peer's gRPC errors over several lines; Kiln's own line
          // names the worker. KILN_DEBUG=1 keeps them.
          builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
        }
        Process process = builder.start();
        processes.add(process);
        if (task == 0) {
          pumps.add(copy(process.getInputStream(), out));
          pumps.add(prefixLines(process.getErrorStream(), err, ""));
        } else {
          pumps.add(prefixLines(process.getInputStream(), err, "[worker " + task + "] "));
        }
      }
      int code = waitForAll(processes);
      if (code != 0) {
        processes.forEach(Process::destroyForcibly);
      }
      for (Thread pump : pumps) {
        pump.join(TimeUnit.SECONDS.toMillis(5));
      }
      return code;
    } finally {
      processes.forEach(Process::destroyForcibly);
      for (Process process : processes) {
        process.waitFor(10, TimeUnit.SECONDS);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopAll);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }
  }

  /** 0 once every process has exited 0; else the exit code of the first to fail. */
  private static int waitForAll(List<Process> processes) throws InterruptedException {
    while (true) {
      boolean allDone = true;
      for (Process process : processes) {
        if (process.isAlive()) {
          allDone = false;
        } else if (process.exitValue() != 0) {
          return process.exitValue();
        }
      }
      if (allDone) {
        return 0;
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** This JVM's java, its options and class path, and Kiln's main class. */
  private static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Kiln.class.getName());
    return command;
  }

  private static Thread copy(InputStream in, OutputStream out) {
    return start(() -> {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    });
  }

  private static Thread prefixLines(InputStream in, PrintStream out, String prefix) {
    return start(() -> {
      var reader = new java.io.BufferedReader(
          new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains(XLA_CACHE_NOISE)) {
          continue;
        }
        out.println(prefix + line);
        out.flush();
      }
    });
  }

  private interface Copy {
    void run() throws IOException;
  }

  private static Thread start(Copy copy) {
    Thread thread = new Thread(() -> {
      try {
        copy.run();
      } catch (IOException closed) {
        // The worker is gone; nothing more to copy.
      }
    }, "local-worker-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
