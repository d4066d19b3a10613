package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.launch.serve.TestSavedModels;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tensorflow.serving.GetModelStatus.GetModelStatusRequest;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.ModelServiceGrpc;

/** {@code kiln serve --grpc-port}: TF Serving's gRPC API beside REST, and its flag's errors. */
class ServeCommandGrpcTest {
  @TempDir Path base;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine serve() {
    CommandLine commandLine = new CommandLine(new ServeCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine;
  }

  @Test
  void servesGrpcOnItsOwnPortUntilInterrupted() throws Exception {
    TestSavedModels.exportVersion(base, 2, 1f);
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread serving = new Thread(() -> exitCode.set(serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--port", "0", "--grpc-port", "0")));
    serving.start();
    ManagedChannel channel = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (out.toString().lines().count() < 2 && serving.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Matcher grpcLine = Pattern.compile("Serving TF Serving's gRPC API for sst2 at"
          + " 127\\.0\\.0\\.1:(\\d+)\n").matcher(out.toString());
      assertTrue(grpcLine.find(), out + "|" + err);
      channel = ManagedChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(grpcLine.group(1)))
          .usePlaintext().build();
      assertEquals(2, ModelServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getModelStatus(GetModelStatusRequest.newBuilder()
              .setModelSpec(ModelSpec.newBuilder().setName("sst2")).build())
          .getModelVersionStatus(0).getVersion());
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      serving.interrupt();
      serving.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertFalse(serving.isAlive());
    assertEquals(0, exitCode.get(), err.toString());
  }

  @Test
  void aGrpcPortOutOfRangeIsAOneLineError() {
    assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
        base.toString(), "--model-name", "sst2", "--grpc-port", "70000"));
    assertEquals("serve: --grpc-port 70000 is not in 0..65535", err.toString().strip());
  }

  @Test
  void aTakenGrpcPortIsAOneLineError() throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    int port;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = taken.getLocalPort();
      assertEquals(UserErrorHandler.USER_ERROR_EXIT_CODE, serve().execute("--model-base-path",
          base.toString(), "--model-name", "sst2", "--port", "0", "--grpc-port", "" + port));
    }
    String error = err.toString().strip();
    assertTrue(error.startsWith("serve: cannot listen on 127.0.0.1:" + port + " (--grpc-port): "),
        error);
    assertEquals(1, error.lines().count(), error);
  }
}
