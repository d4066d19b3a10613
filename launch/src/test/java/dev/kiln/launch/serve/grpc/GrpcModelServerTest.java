package dev.kiln.launch.serve.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.error.Code;
import tensorflow.serving.GetModelMetadata.GetModelMetadataRequest;
import tensorflow.serving.GetModelMetadata.GetModelMetadataResponse;
import tensorflow.serving.GetModelMetadata.SignatureDefMap;
import tensorflow.serving.GetModelStatus.GetModelStatusRequest;
import tensorflow.serving.GetModelStatus.GetModelStatusResponse;
import tensorflow.serving.GetModelStatus.ModelVersionStatus;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.ModelServiceGrpc;
import tensorflow.serving.Predict.PredictRequest;
import tensorflow.serving.Predict.PredictResponse;
import tensorflow.serving.PredictionServiceGrpc;

/**
 * The gRPC API, called as TF Serving users call it (generated blocking stubs over a plaintext
 * channel), answers as the REST API does on the same server: predictions of the text and token-id
 * signatures, metadata, status, and the errors with their messages.
 */
class GrpcModelServerTest {
  private static final int MAX_ROWS = 3;
  private static final int MAX_CONCURRENT = 2;
  private static final long MAX_BODY_BYTES = 64 << 10;

  @TempDir static Path base;
  static ModelServer rest;
  static GrpcModelServer grpc;
  static ManagedChannel channel;
  static PredictionServiceGrpc.PredictionServiceBlockingStub predictions;
  static ModelServiceGrpc.ModelServiceBlockingStub models;
  static final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    TestSavedModels.exportVersion(base, 1, 1f);
    rest = ModelServer.start("kiln", base, ServerOptions.defaults().withPort(0)
        .withMaxBodyBytes(MAX_BODY_BYTES).withPollInterval(Duration.ofMinutes(1))
        .withLimits(ServingLimits.defaults().withMaxRows(MAX_ROWS)
            .withMaxConcurrentRequests(MAX_CONCURRENT)));
    grpc = GrpcModelServer.start(rest.predictor(), "127.0.0.1", 0, MAX_BODY_BYTES);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    predictions = PredictionServiceGrpc.newBlockingStub(channel);
    models = ModelServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (grpc != null) {
      grpc.close();
    }
    if (rest != null) {
      rest.close();
    }
  }

  @Test
  void textPredictionsEqualRests() {
    PredictResponse response = predict(request("serving_default",
        Map.of("sentences", strings("a", "hello"))));
    JsonObject restOutputs = restPost("/v1/models/kiln:predict",
        "{\"inputs\": {\"sentences\": [\"a\", \"hello\"]}}").json().getAsJsonObject()
        .getAsJsonObject("outputs");

    assertEquals(ModelProtos.modelSpec("kiln", 1, "serving_default"), response.getModelSpec());
    assertEquals(restOutputs.keySet(), response.getOutputsMap().keySet());
    assertSameTensor(restOutputs.get("probabilities"), response.getOutputsOrThrow("probabilities"));
    assertSameTensor(restOutputs.get("label"), response.getOutputsOrThrow("label"));
    // scale 1: p("long") = length / (1 + length)
    assertFloats(List.of(0.5f, 0.5f, 1 / 6f, 5 / 6f),
        response.getOutputsOrThrow("probabilities").getFloatValList());
    assertEquals(List.of(ByteString.copyFromUtf8("short"), ByteString.copyFromUtf8("long")),
        response.getOutputsOrThrow("label").getStringValList());
  }

  @Test
  void tokenIdPredictionsEqualRestsWhetherTypedOrTensorContent() {
    TensorProto typed = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(shape(2, 3)).addAllIntVal(List.of(1, 2, 3, 4, 0, 0)).build();
    // tensor_content: little-endian int32s, as tf.make_tensor_proto writes numeric arrays
    ByteString content = ByteString.copyFrom(ByteBuffer.allocate(24)
        .order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(3).putInt(4)
        .putInt(0).putInt(0).array());
    TensorProto packed = typed.toBuilder().clearIntVal().setTensorContent(content).build();
    TensorProto lengths = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(shape(2)).addAllIntVal(List.of(3, 1)).build();
    JsonObject restOutputs = restPost("/v1/models/kiln:predict", "{\"signature_name\":"
        + " \"token_ids\", \"inputs\": {\"token_ids\": [[1, 2, 3], [4, 0, 0]], \"lengths\":"
        + " [3, 1]}}").json().getAsJsonObject().getAsJsonObject("outputs");

    for (TensorProto ids : List.of(typed, packed)) {
      PredictResponse response = predict(request("token_ids",
          Map.of("token_ids", ids, "lengths", lengths)));
      assertEquals("token_ids", response.getModelSpec().getSignatureName());
      assertSameTensor(restOutputs.get("probabilities"),
          response.getOutputsOrThrow("probabilities"));
      assertSameTensor(restOutputs.get("label"), response.getOutputsOrThrow("label"));
      // signals 6 + 3 = 9 and 4 + 1 = 5
      assertFloats(List.of(0.1f, 0.9f, 1 / 6f, 5 / 6f),
          response.getOutputsOrThrow("probabilities").getFloatValList());
    }
  }

  @Test
  void outputFilterReturnsOnlyTheNamedOutputs() {
    PredictResponse response = predict(request("serving_default",
        Map.of("sentences", strings("abc"))).toBuilder().addOutputFilter("label").build());
    assertEquals(List.of("label"), List.copyOf(response.getOutputsMap().keySet()));
    assertRefused(Status.Code.INVALID_ARGUMENT, "output_filter names unknown output 'nope'"
        + " (signature 'serving_default' has outputs: label, probabilities)",
        () -> predict(request("serving_default", Map.of("sentences", strings("abc")))
            .toBuilder().addOutputFilter("nope").build()));
  }

  @Test
  void metadataEqualsRests() throws InvalidProtocolBufferException {
    GetModelMetadataResponse response = predictions.withDeadlineAfter(30, TimeUnit.SECONDS)
        .getModelMetadata(GetModelMetadataRequest.newBuilder().setModelSpec(spec())
            .addMetadataField("signature_def").build());
    JsonObject restMetadata = restGet("/v1/models/kiln/metadata").json().getAsJsonObject();

    assertEquals(ModelProtos.modelSpec("kiln", 1, ""), response.getModelSpec());
    SignatureDefMap signatures =
        response.getMetadataOrThrow("signature_def").unpack(SignatureDefMap.class);
    JsonObject restSignatures = restMetadata.getAsJsonObject("metadata")
        .getAsJsonObject("signature_def").getAsJsonObject("signature_def");
    assertEquals(describe(restSignatures), describe(signatures));
    assertEquals("DT_INT32 [-1, -1] token_ids:0",
        describe(signatures).get("token_ids inputs token_ids"));
  }

  @Test
  void statusEqualsRests() {
    GetModelStatusResponse response = models.withDeadlineAfter(30, TimeUnit.SECONDS)
        .getModelStatus(GetModelStatusRequest.newBuilder().setModelSpec(spec()).build());
    JsonObject restStatus = restGet("/v1/models/kiln").json().getAsJsonObject()
        .getAsJsonArray("model_version_status").get(0).getAsJsonObject();

    ModelVersionStatus status = response.getModelVersionStatus(0);
    assertEquals(1, response.getModelVersionStatusCount());
    assertEquals(restStatus.get("version").getAsLong(), status.getVersion());
    assertEquals(1, status.getVersion());
    assertEquals(restStatus.get("state").getAsString(), status.getState().name());
    assertEquals(ModelVersionStatus.State.AVAILABLE, status.getState());
    assertEquals(Code.OK, status.getStatus().getErrorCode());
    assertEquals("", status.getStatus().getErrorMessage());
    assertEquals(response, models.getModelStatus(GetModelStatusRequest.newBuilder()
        .setModelSpec(spec().toBuilder().setVersion(Int64Value.of(1))).build()));
  }

  @Test
  void errorsHaveTfServingsCodesAndRestsMessages() {
    // an unknown signature: 400 / INVALID_ARGUMENT
    assertSameRefusal(400, Status.Code.INVALID_ARGUMENT,
        restPost("/v1/models/kiln:predict",
            "{\"signature_name\": \"nope\", \"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> predict(request("nope", Map.of("sentences", strings("a")))));
    // an unknown model: 404 / NOT_FOUND
    assertSameRefusal(404, Status.Code.NOT_FOUND,
        restPost("/v1/models/other:predict", "{\"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> predict(request("serving_default", Map.of("sentences", strings("a"))).toBuilder()
            .setModelSpec(spec().toBuilder().setName("other")).build()));
    // a version not served: 404 / NOT_FOUND, for predict and status
    PredictRequest version7 = request("serving_default", Map.of("sentences", strings("a")))
        .toBuilder().setModelSpec(spec().toBuilder().setVersion(Int64Value.of(7))).build();
    assertSameRefusal(404, Status.Code.NOT_FOUND,
        restPost("/v1/models/kiln/versions/7:predict", "{\"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> predict(version7));
    assertSameRefusal(404, Status.Code.NOT_FOUND, restGet("/v1/models/kiln/versions/7"),
        () -> models.getModelStatus(GetModelStatusRequest.newBuilder()
            .setModelSpec(version7.getModelSpec()).build()));
    // a missing input: 400 / INVALID_ARGUMENT
    assertSameRefusal(400, Status.Code.INVALID_ARGUMENT,
        restPost("/v1/models/kiln:predict", "{\"signature_name\": \"token_ids\","
            + " \"inputs\": {\"token_ids\": [[1]]}}"),
        () -> predict(request("token_ids", Map.of("token_ids", TensorProto.newBuilder()
            .setDtype(DataType.DT_INT32).setTensorShape(shape(1, 1)).addIntVal(1).build()))));
    // over --max-request-rows: REST's 400, gRPC's RESOURCE_EXHAUSTED, the same message
    assertSameRefusal(400, Status.Code.RESOURCE_EXHAUSTED,
        restPost("/v1/models/kiln:predict",
            "{\"inputs\": {\"sentences\": [\"a\", \"b\", \"c\", \"d\"]}}"),
        () -> predict(request("serving_default",
            Map.of("sentences", strings("a", "b", "c", "d")))));
  }

  @Test
  void malformedTensorsAreInvalidArguments() {
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' must be DT_STRING, not DT_INT32",
        () -> predict(request("serving_default", Map.of("sentences", TensorProto.newBuilder()
            .setDtype(DataType.DT_INT32).setTensorShape(shape(1)).addIntVal(5).build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' has 2 values for shape [3] (3 elements)",
        () -> predict(request("serving_default", Map.of("sentences",
            strings("a", "b").toBuilder().setTensorShape(shape(3)).build()))));
    // a tiny message claiming a huge shape is refused before anything of its size is allocated
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' has 1 values for shape [4611686018427387904, 4] (9223372036854775807"
            + " elements)",
        () -> predict(request("serving_default", Map.of("sentences",
            strings("a").toBuilder().setTensorShape(shape(1L << 62, 4)).build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' is DT_DOUBLE; kiln serve handles DT_STRING, DT_INT32, DT_INT64 and"
            + " DT_FLOAT",
        () -> predict(request("serving_default", Map.of("sentences", TensorProto.newBuilder()
            .setDtype(DataType.DT_DOUBLE).setTensorShape(shape(1)).addDoubleVal(1).build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "metadata_field is empty; ask for \"signature_def\"",
        () -> predictions.getModelMetadata(
            GetModelMetadataRequest.newBuilder().setModelSpec(spec()).build()));
    assertRefused(Status.Code.INVALID_ARGUMENT, "model_spec.version_label 'stable': kiln serve"
            + " has no version labels; give model_spec.version, or no version for the one being"
            + " served",
        () -> models.getModelStatus(GetModelStatusRequest.newBuilder()
            .setModelSpec(spec().toBuilder().setVersionLabel("stable")).build()));
  }

  @Test
  void aMessageOverTheBodyLimitIsResourceExhausted() {
    String big = "x".repeat((int) MAX_BODY_BYTES);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> predict(request("serving_default", Map.of("sentences", strings(big)))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(),
        String.valueOf(refused.getStatus()));
    assertEquals(413, restPost("/v1/models/kiln:predict",
        "{\"inputs\": {\"sentences\": [\"" + big + "\"]}}").status());
  }

  /** Both transports share the --max-concurrent-requests permits: REST's 503 is UNAVAILABLE. */
  @Test
  void atTheConcurrentLimitBothAnswerUnavailable() {
    int taken = 0;
    try {
      while (taken < MAX_CONCURRENT && rest.predictor().tryStartRequest()) {
        taken++;
      }
      assertEquals(MAX_CONCURRENT, taken);
      assertSameRefusal(503, Status.Code.UNAVAILABLE, restGet("/v1/models/kiln"),
          () -> models.getModelStatus(
              GetModelStatusRequest.newBuilder().setModelSpec(spec()).build()));
    } finally {
      for (int i = 0; i < taken; i++) {
        rest.predictor().finishRequest();
      }
    }
  }

  @Test
  void grpcCallsShowInTheMetrics() {
    String okLine = "kiln_serving_grpc_requests_total{model=\"kiln\",method=\"Predict\","
        + "code=\"OK\"} ";
    String invalidLine = "kiln_serving_grpc_requests_total{model=\"kiln\",method=\"Predict\","
        + "code=\"INVALID_ARGUMENT\"} ";
    String before = restGet("/monitoring/prometheus/metrics").body();
    predict(request("serving_default", Map.of("sentences", strings("a", "b"))));
    assertThrows(StatusRuntimeException.class,
        () -> predict(request("nope", Map.of("sentences", strings("a")))));
    String after = restGet("/monitoring/prometheus/metrics").body();

    assertEquals(counter(before, okLine) + 1, counter(after, okLine), after);
    assertEquals(counter(before, invalidLine) + 1, counter(after, invalidLine), after);
    String latencyCount = "kiln_serving_request_latency_seconds_count ";
    assertTrue(counter(after, latencyCount) >= counter(before, latencyCount) + 2, after);
  }

  @Test
  void theLoadClientCountsRequestsAndLatencies() throws Exception {
    GrpcLoadClient.Report report =
        GrpcLoadClient.run("127.0.0.1", grpc.port(), "kiln", 2, 5, List.of("a", "bb"));
    assertEquals(10, report.requests());
    assertEquals(Map.of(), report.errors());
    assertEquals(10, report.latencyNanos().length);
    assertTrue(report.percentileMillis(0.5) > 0
        && report.percentileMillis(0.5) <= report.percentileMillis(0.99), report.toString());
    try (GrpcLoadClient client = new GrpcLoadClient("127.0.0.1", grpc.port(), "other")) {
      assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
          () -> client.predict(List.of("a"))).getStatus().getCode());
    }
  }

  // --- helpers ---

  static ModelSpec spec() {
    return ModelSpec.newBuilder().setName("kiln").build();
  }

  static PredictRequest request(String signature, Map<String, TensorProto> inputs) {
    return PredictRequest.newBuilder()
        .setModelSpec(spec().toBuilder().setSignatureName(signature))
        .putAllInputs(inputs)
        .build();
  }

  static PredictResponse predict(PredictRequest request) {
    return predictions.withDeadlineAfter(30, TimeUnit.SECONDS).predict(request);
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

  private static void assertFloats(List<Float> expected, List<Float> actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), 1e-6, actual.toString());
    }
  }

  /** A REST JSON tensor (nested lists) and a gRPC TensorProto hold the same values. */
  private static void assertSameTensor(JsonElement json, TensorProto proto) {
    JsonArray flat = new JsonArray();
    flatten(json, flat);
    assertEquals(flat.size(), proto.getFloatValCount() + proto.getStringValCount());
    for (int i = 0; i < flat.size(); i++) {
      if (proto.getDtype() == DataType.DT_FLOAT) {
        assertEquals(flat.get(i).getAsFloat(), proto.getFloatVal(i));
      } else {
        assertEquals(flat.get(i).getAsString(), proto.getStringVal(i).toStringUtf8());
      }
    }
  }

  private static void flatten(JsonElement json, JsonArray out) {
    if (json.isJsonArray()) {
      json.getAsJsonArray().forEach(item -> flatten(item, out));
    } else {
      out.add(json);
    }
  }

  /** Signature inputs and outputs as "KEY inputs|outputs NAME" to "DTYPE [DIMS] TENSOR_NAME". */
  private static Map<String, String> describe(JsonObject restSignatures) {
    Map<String, String> described = new TreeMap<>();
    restSignatures.entrySet().forEach(signature -> {
      JsonObject def = signature.getValue().getAsJsonObject();
      described.put(signature.getKey() + " method", def.get("method_name").getAsString());
      for (String side : List.of("inputs", "outputs")) {
        def.getAsJsonObject(side).entrySet().forEach(tensor -> {
          JsonObject info = tensor.getValue().getAsJsonObject();
          List<Long> dims = new ArrayList<>();
          info.getAsJsonObject("tensor_shape").getAsJsonArray("dim")
              .forEach(dim -> dims.add(dim.getAsJsonObject().get("size").getAsLong()));
          described.put(signature.getKey() + " " + side + " " + tensor.getKey(),
              info.get("dtype").getAsString() + " " + dims + " " + info.get("name").getAsString());
        });
      }
    });
    return described;
  }

  private static Map<String, String> describe(SignatureDefMap signatures) {
    Map<String, String> described = new TreeMap<>();
    signatures.getSignatureDefMap().forEach((key, def) -> {
      described.put(key + " method", def.getMethodName());
      Function<TensorInfo, String> info = tensor -> tensor.getDtype().name() + " "
          + tensor.getTensorShape().getDimList().stream().map(TensorShapeProto.Dim::getSize)
              .toList() + " " + tensor.getName();
      def.getInputsMap().forEach((name, tensor) ->
          described.put(key + " inputs " + name, info.apply(tensor)));
      def.getOutputsMap().forEach((name, tensor) ->
          described.put(key + " outputs " + name, info.apply(tensor)));
    });
    return described;
  }

  private static void assertSameRefusal(int httpStatus, Status.Code code, RestAnswer rest,
      Runnable call) {
    assertEquals(httpStatus, rest.status(), rest.body());
    assertRefused(code, JsonParser.parseString(rest.body()).getAsJsonObject().get("error")
        .getAsString(), call::run);
  }

  private static void assertRefused(Status.Code code, String message,
      Executable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call);
    assertEquals(code, refused.getStatus().getCode(), String.valueOf(refused.getStatus()));
    assertEquals(message, refused.getStatus().getDescription());
  }

  private static long counter(String metrics, String linePrefix) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(linePrefix) + "(\\d+)$")
        .matcher(metrics);
    return value.find() ? Long.parseLong(value.group(1)) : 0;
  }

  record RestAnswer(int status, String body) {
    JsonElement json() {
      assertEquals(200, status, body);
      return JsonParser.parseString(body);
    }
  }

  static RestAnswer restGet(String path) {
    return rest(HttpRequest.newBuilder(uri(path)).GET());
  }

  static RestAnswer restPost(String path, String body) {
    return rest(HttpRequest.newBuilder(uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + rest.port() + path);
  }

  private static RestAnswer rest(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new RestAnswer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
