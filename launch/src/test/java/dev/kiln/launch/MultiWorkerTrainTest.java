package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.checkpoint.CheckpointState;
import dev.kiln.framework.distribute.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln train} on several worker processes (child JVMs on free 127.0.0.1 ports): a worker
 * killed with SIGKILL stops the other within the worker timeout with one line naming it, the
 * chief's checkpoints stay intact, and restarting every worker ({@code --local-workers 2}) resumes
 * from the chief's latest checkpoint to the metrics of an uninterrupted single-process run; a
 * worker started with another config is refused; a worker whose peer never answers stops after
 * the worker timeout; bad cluster options are one-line errors.
 * Every child is killed in a finally block.
 */
@Tag("slow")
class MultiWorkerTrainTest {
  private static final double RELATIVE_TOLERANCE = 1e-5;
  private static final int TIMEOUT_SECONDS = 20;

  @TempDir static Path temp;
  private static Path dataDir;

  @BeforeAll
  static void prepare() throws Exception {
    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 240);
    dataDir = temp.resolve("tfds");
    CommandRun prepared = CommandRun.of("prepare", "glue/sst2", "--source", tsv.toString(),
        "--data-dir", dataDir.toString());
    assertEquals(0, prepared.exitCode(), prepared.err());
  }

  private static List<String> trainArgs(Path workdir, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--preset", "sst2-lstm-2020",
        "--data-dir", dataDir.toString(), "--workdir", workdir.toString(), "--set",
        "num_epochs=2", "--set", "embedding_size=16", "--set", "hidden_size=16", "--set",
        "batch_size=12", "--set", "min_freq=1", "--set", "max_input_length=8", "--set",
        "bucket_size=8", "--set", "learning_rate=0.005", "--set", "checkpoint_every_steps=4",
        "--worker-timeout", Integer.toString(TIMEOUT_SECONDS)));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void aKilledWorkerStopsTheOtherAndARestartResumesToTheSingleProcessMetrics() throws Exception {
    Path reference = temp.resolve("reference");
    CompletableFuture<CommandRun> single = CompletableFuture.supplyAsync(() -> CommandRun.of(
        trainArgs(reference).toArray(String[]::new)));
    Path workdir = temp.resolve("two-workers");
    String cluster = cluster(2);
    List<Process> children = new ArrayList<>();
    try {
      Process chief = start(trainArgs(workdir, "--cluster", cluster, "--task-index", "0"),
          temp.resolve("chief.log"));
      children.add(chief);
      Process worker = start(trainArgs(workdir, "--cluster", cluster, "--task-index", "1"),
          temp.resolve("worker.log"));
      children.add(worker);
      awaitCheckpoint(chief, workdir.resolve("checkpoints"));
      worker.destroyForcibly();
      long killed = System.nanoTime();
      assertTrue(chief.waitFor(TIMEOUT_SECONDS + 15, TimeUnit.SECONDS),
          "the chief stops within the worker timeout");
      double seconds = (System.nanoTime() - killed) / 1e9;
      String log = Files.readString(temp.resolve("chief.log"));
      String last = log.lines().reduce((a, b) -> b).orElse("");
      System.out.printf("chief stopped %.1f s after worker 1 was killed: %s%n", seconds, last);
      assertEquals(1, chief.exitValue(), log);
      assertTrue(last.matches("kiln train: worker 1 \\(127\\.0\\.0\\.1:\\d+\\) stopped answering;"
          + " .*"), last);
      CheckpointRecord latest =
          CheckpointState.read(workdir.resolve("checkpoints")).orElseThrow().latest();
      assertTrue(Files.exists(Path.of(latest.prefix(workdir.resolve("checkpoints")) + ".index")));
    } finally {
      children.forEach(Process::destroyForcibly);
    }

    CommandRun resumed = CommandRun.of(trainArgs(workdir, "--local-workers", "2")
        .toArray(String[]::new));
    // --local-workers streams the chief's output to System.out, not the command's writer.
    assertEquals(0, resumed.exitCode(), resumed.err());
    CommandRun referenceRun = single.get(180, TimeUnit.SECONDS);
    assertEquals(0, referenceRun.exitCode(), referenceRun.err());
    assertMetricsClose(reference.resolve("metrics.jsonl"), workdir.resolve("metrics.jsonl"));
    CommandRun eval = CommandRun.of("eval", "--workdir", workdir.toString(), "--data-dir",
        dataDir.toString());
    assertEquals(0, eval.exitCode(), eval.err());
  }

  @Test
  void aWorkerStartedWithAnotherConfigIsRefusedByEveryWorker() throws Exception {
    Path workdir = temp.resolve("mismatch");
    String cluster = cluster(2);
    List<Process> children = new ArrayList<>();
    try {
      children.add(start(trainArgs(workdir, "--cluster", cluster, "--task-index", "0"),
          temp.resolve("mismatch0.log")));
      children.add(start(trainArgs(workdir, "--cluster", cluster, "--task-index", "1", "--set",
          "learning_rate=0.01"), temp.resolve("mismatch1.log")));
      for (int task = 0; task < 2; task++) {
        assertTrue(children.get(task).waitFor(120, TimeUnit.SECONDS), "worker " + task);
        String log = Files.readString(temp.resolve("mismatch" + task + ".log"));
        assertEquals(1, children.get(task).exitValue(), log);
        String last = log.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("kiln train: worker 1 \\(127\\.0\\.0\\.1:\\d+\\) was not started"
            + " like worker 0: config field learning_rate 0\\.01 \\(worker 0: 0\\.005\\)"), last);
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  /**
   * A worker whose peer never comes up (nothing listens at its 127.0.0.1 port): the chief and a
   * non-chief each stop after --worker-timeout 3 with one line naming the absent worker. (Before
   * the start-up wait, the non-chief hung: TensorFlow retried the chief for ever.)
   */
  @Test
  void aWorkerWhosePeerNeverAnswersStopsAfterTheTimeoutWithOneLine() throws Exception {
    List<Integer> ports = LoopbackPorts.free(4);
    List<String> absent = List.of("127.0.0.1:" + ports.get(1), "127.0.0.1:" + ports.get(2));
    List<String> clusters = List.of("127.0.0.1:" + ports.get(0) + "," + absent.get(0),
        absent.get(1) + ",127.0.0.1:" + ports.get(3));
    List<Process> children = new ArrayList<>();
    try {
      long started = System.nanoTime();
      for (int task = 0; task < 2; task++) {
        List<String> args = trainArgs(temp.resolve("alone" + task), "--cluster",
            clusters.get(task), "--task-index", Integer.toString(task));
        args.set(args.indexOf("--worker-timeout") + 1, "3");
        children.add(start(args, temp.resolve("alone" + task + ".log")));
      }
      for (int task = 0; task < 2; task++) {
        assertTrue(children.get(task).waitFor(90, TimeUnit.SECONDS), "task " + task + " hangs");
        String log = Files.readString(temp.resolve("alone" + task + ".log"));
        assertEquals(1, children.get(task).exitValue(), log);
        String last = log.lines().reduce((a, b) -> b).orElse("");
        String peer = "worker " + (1 - task) + " \\(" + absent.get(task).replace(".", "\\.")
            + "\\)";
        assertTrue(last.matches("kiln train: " + peer + " does not answer: nothing accepted a"
            + " connection within 3 s \\(--worker-timeout\\); worker " + task
            + " \\(127\\.0\\.0\\.1:\\d+\\) stops"), last);
      }
      System.out.printf("both workers stopped %.1f s after they were started (JVM start"
          + " included)%n", (System.nanoTime() - started) / 1e9);
    } finally {
      children.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void badClusterOptionsAreOneLineErrors() throws Exception {
    Path workdir = temp.resolve("refused");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      assertError("kiln train: port " + taken.getLocalPort() + " of worker 0 (" + address
          + ") is in use", trainArgs(workdir, "--cluster", address + ",127.0.0.1:1",
              "--task-index", "0"));
    }
    assertError("kiln train: --cluster: 'localhost' is not host:port",
        trainArgs(workdir, "--cluster", "localhost", "--task-index", "0"));
    assertError("kiln train: --task-index 2 is not among the 2 workers of --cluster (0..1)",
        trainArgs(workdir, "--cluster", "127.0.0.1:1,127.0.0.1:2", "--task-index", "2"));
    assertError("kiln train: --local-workers starts the workers itself; it cannot be given with"
        + " --cluster, --task-index or TF_CONFIG", trainArgs(workdir, "--local-workers", "2",
            "--cluster", "127.0.0.1:1", "--task-index", "0"));

    List<String> command = javaCommand(trainArgs(workdir));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("TF_CONFIG", "{\"cluster\": {\"worker\": [\"127.0.0.1:1\"]}}");
    Process child = builder.start();
    try {
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      String out = new String(child.getInputStream().readAllBytes());
      assertEquals("kiln train: TF_CONFIG needs an object 'task'", out.strip());
    } finally {
      child.destroyForcibly();
    }
  }

  private static void assertError(String expected, List<String> args) {
    CommandRun run = CommandRun.of(args.toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.out());
    assertEquals(expected, run.err().strip());
  }

  /** Same epochs and steps, losses and accuracies equal to {@link #RELATIVE_TOLERANCE}. */
  private static void assertMetricsClose(Path expected, Path actual) throws IOException {
    List<String> a = Files.readAllLines(expected);
    List<String> b = Files.readAllLines(actual);
    assertEquals(a.size(), b.size(), "epochs in\n" + a + "\n" + b);
    for (int i = 0; i < a.size(); i++) {
      JsonObject x = JsonParser.parseString(a.get(i)).getAsJsonObject();
      JsonObject y = JsonParser.parseString(b.get(i)).getAsJsonObject();
      assertEquals(x.get("step").getAsLong(), y.get("step").getAsLong());
      for (String field : List.of("train_loss", "train_accuracy", "eval_loss", "eval_accuracy")) {
        double e = x.get(field).getAsDouble();
        assertEquals(e, y.get(field).getAsDouble(), RELATIVE_TOLERANCE * Math.abs(e),
            "epoch " + (i + 1) + " " + field);
      }
    }
    System.out.println("single process:\n" + String.join("\n", a) + "\n2 workers, killed and"
        + " resumed:\n" + String.join("\n", b));
  }

  /** Waits for a checkpoint taken within epoch 1 (not at its end). */
  private static void awaitCheckpoint(Process chief, Path checkpoints) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && chief.isAlive()) {
      Optional<CheckpointRecord> latest;
      try {
        latest = CheckpointState.read(checkpoints).map(CheckpointState::latest);
      } catch (IOException e) {
        latest = Optional.empty();
      }
      if (latest.isPresent()) {
        return;
      }
      Thread.sleep(20);
    }
    fail("no checkpoint while the chief ran (alive: " + chief.isAlive() + ")");
  }

  private static String cluster(int workers) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (int port : LoopbackPorts.free(workers)) {
      addresses.add("127.0.0.1:" + port);
    }
    return String.join(",", addresses);
  }

  private static Process start(List<String> args, Path log) throws IOException {
    return new ProcessBuilder(javaCommand(args)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  private static List<String> javaCommand(List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Kiln.class.getName()));
    command.addAll(args);
    return command;
  }
}
