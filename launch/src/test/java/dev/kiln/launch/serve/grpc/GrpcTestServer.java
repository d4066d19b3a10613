package dev.kiln.launch.serve.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import dev.kiln.launch.serve.ModelServer;
import dev.kiln.launch.serve.ServerOptions;
import dev.kiln.launch.serve.ServingLimits;
import dev.kiln.launch.serve.TestSavedModels;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.ModelServiceGrpc;
import tensorflow.serving.Predict.PredictRequest;
import tensorflow.serving.Predict.PredictResponse;
import tensorflow.serving.PredictionServiceGrpc;

/**
 * For the gRPC tests: a REST {@link ModelServer} named {@value #MODEL} on a {@link
 * TestSavedModels} export (version 1, scale 1) with a {@link GrpcModelServer} beside it, a gRPC
 * client as TF Serving users write one (generated blocking stubs over a plaintext channel) and a
 * REST client, to ask both the same thing.
 */
final class GrpcTestServer implements AutoCloseable {
  static final String MODEL = "kiln";

  final ModelServer rest;
  final GrpcModelServer grpc;
  private final PredictionServiceGrpc.PredictionServiceBlockingStub predictions;
  private final ModelServiceGrpc.ModelServiceBlockingStub models;
  private final ManagedChannel channel;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private GrpcTestServer(ModelServer rest, GrpcModelServer grpc) {
    this.rest = rest;
    this.grpc = grpc;
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext()
        .build();
    this.predictions = PredictionServiceGrpc.newBlockingStub(channel);
    this.models = ModelServiceGrpc.newBlockingStub(channel);
  }

  static GrpcTestServer start(Path base, ServingLimits limits, long maxBodyBytes)
      throws IOException {
    TestSavedModels.exportVersion(base, 1, 1f);
    ModelServer rest = ModelServer.start(MODEL, base, ServerOptions.defaults().withPort(0)
        .withMaxBodyBytes(maxBodyBytes).withPollInterval(Duration.ofMinutes(1))
        .withLimits(limits));
    try {
      return new GrpcTestServer(rest,
          GrpcModelServer.start(rest.predictor(), "127.0.0.1", 0, maxBodyBytes));
    } catch (IOException | RuntimeException e) {
      rest.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      grpc.close();
      rest.close();
    }
  }

  /** The PredictionService stub, with a deadline a minute from now. */
  PredictionServiceGrpc.PredictionServiceBlockingStub predictions() {
    return predictions.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  /** The ModelService stub, with a deadline a minute from now. */
  ModelServiceGrpc.ModelServiceBlockingStub models() {
    return models.withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  PredictResponse predict(PredictRequest request) {
    return predictions().predict(request);
  }

  /** One REST answer; {@link #json} insists on a 200. */
  record RestAnswer(int status, String body) {
    JsonElement json() {
      assertEquals(200, status, body);
      return JsonParser.parseString(body);
    }
  }

  RestAnswer restGet(String path) {
    return rest(HttpRequest.newBuilder(uri(path)).GET());
  }

  RestAnswer restPost(String path, String body) {
    return rest(HttpRequest.newBuilder(uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + rest.port() + path);
  }

  private RestAnswer rest(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new RestAnswer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ModelSpec spec() {
    return ModelSpec.newBuilder().setName(MODEL).build();
  }

  static PredictRequest request(String signature, Map<String, TensorProto> inputs) {
    return PredictRequest.newBuilder()
        .setModelSpec(spec().toBuilder().setSignatureName(signature))
        .putAllInputs(inputs)
        .build();
  }

  static TensorProto strings(String... values) {
    TensorProto.Builder proto = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(shape(values.length));
    for (String value : values) {
      proto.addStringVal(ByteString.copyFromUtf8(value));
    }
    return proto.build();
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return shape.build();
  }

  /** The call fails with {@code code} and exactly {@code message}. */
  static void assertRefused(Status.Code code, String message, Executable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, refused.getStatus().getCode(), String.valueOf(refused.getStatus()));
    assertEquals(message, refused.getStatus().getDescription());
  }

  /** REST answered {@code httpStatus}, and the call fails with {@code code} and REST's message. */
  static void assertSameRefusal(int httpStatus, Status.Code code, RestAnswer rest,
      Executable call) {
    assertEquals(httpStatus, rest.status(), rest.body());
    assertRefused(code, JsonParser.parseString(rest.body()).getAsJsonObject().get("error")
        .getAsString(), call);
  }
}
