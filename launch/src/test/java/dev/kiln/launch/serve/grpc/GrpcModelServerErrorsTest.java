package dev.kiln.launch.serve.grpc;

import static dev.kiln.launch.serve.grpc.GrpcTestServer.assertRefused;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.assertSameRefusal;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.request;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.shape;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.spec;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import dev.kiln.launch.serve.ServingLimits;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import tensorflow.serving.GetModelMetadata.GetModelMetadataRequest;
import tensorflow.serving.GetModelStatus.GetModelStatusRequest;
import tensorflow.serving.Predict.PredictRequest;

/**
 * The gRPC API refuses what REST refuses, with TF Serving's status codes and REST's one-line
 * messages; limits, concurrency permits and metrics are shared with REST.
 */
class GrpcModelServerErrorsTest {
  private static final int MAX_ROWS = 3;
  private static final int MAX_CONCURRENT = 2;
  private static final long MAX_BODY_BYTES = 64 << 10;

  @TempDir static Path base;
  static GrpcTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = GrpcTestServer.start(base, ServingLimits.defaults().withMaxRows(MAX_ROWS)
        .withMaxConcurrentRequests(MAX_CONCURRENT), MAX_BODY_BYTES);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void errorsHaveTfServingsCodesAndRestsMessages() {
    // an unknown signature: 400 / INVALID_ARGUMENT
    assertSameRefusal(400, Status.Code.INVALID_ARGUMENT,
        server.restPost("/v1/models/kiln:predict",
            "{\"signature_name\": \"nope\", \"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> server.predict(request("nope", Map.of("sentences", strings("a")))));
    // an unknown model: 404 / NOT_FOUND
    assertSameRefusal(404, Status.Code.NOT_FOUND,
        server.restPost("/v1/models/other:predict", "{\"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> server.predict(request("serving_default", Map.of("sentences", strings("a")))
            .toBuilder().setModelSpec(spec().toBuilder().setName("other")).build()));
    // a version not served: 404 / NOT_FOUND, for predict and status
    PredictRequest version7 = request("serving_default", Map.of("sentences", strings("a")))
        .toBuilder().setModelSpec(spec().toBuilder().setVersion(Int64Value.of(7))).build();
    assertSameRefusal(404, Status.Code.NOT_FOUND, server.restPost(
        "/v1/models/kiln/versions/7:predict", "{\"inputs\": {\"sentences\": [\"a\"]}}"),
        () -> server.predict(version7));
    assertSameRefusal(404, Status.Code.NOT_FOUND, server.restGet("/v1/models/kiln/versions/7"),
        () -> server.models().getModelStatus(GetModelStatusRequest.newBuilder()
            .setModelSpec(version7.getModelSpec()).build()));
    // a missing input: 400 / INVALID_ARGUMENT
    assertSameRefusal(400, Status.Code.INVALID_ARGUMENT,
        server.restPost("/v1/models/kiln:predict", "{\"signature_name\": \"token_ids\","
            + " \"inputs\": {\"token_ids\": [[1]]}}"),
        () -> server.predict(request("token_ids", Map.of("token_ids", TensorProto.newBuilder()
            .setDtype(DataType.DT_INT32).setTensorShape(shape(1, 1)).addIntVal(1).build()))));
    // over --max-request-rows: REST's 400, gRPC's RESOURCE_EXHAUSTED, the same message
    assertSameRefusal(400, Status.Code.RESOURCE_EXHAUSTED,
        server.restPost("/v1/models/kiln:predict",
            "{\"inputs\": {\"sentences\": [\"a\", \"b\", \"c\", \"d\"]}}"),
        () -> server.predict(request("serving_default",
            Map.of("sentences", strings("a", "b", "c", "d")))));
  }

  @Test
  void malformedRequestsAreInvalidArguments() {
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "the request has no model_spec.name (serving 'kiln')",
        () -> server.predict(request("serving_default", Map.of("sentences", strings("a")))
            .toBuilder().clearModelSpec().build()));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' must be DT_STRING, not DT_INT32",
        () -> server.predict(request("serving_default", Map.of("sentences", TensorProto
            .newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(1)).addIntVal(5)
            .build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' has 2 values for shape [3] (3 elements)",
        () -> server.predict(request("serving_default", Map.of("sentences",
            strings("a", "b").toBuilder().setTensorShape(shape(3)).build()))));
    // a tiny message claiming a huge shape is refused before anything of its size is allocated
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' has 1 values for shape [4611686018427387904, 4] (9223372036854775807"
            + " elements)",
        () -> server.predict(request("serving_default", Map.of("sentences",
            strings("a").toBuilder().setTensorShape(shape(1L << 62, 4)).build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "input 'sentences' is DT_DOUBLE; kiln serve handles DT_STRING, DT_INT32, DT_INT64 and"
            + " DT_FLOAT",
        () -> server.predict(request("serving_default", Map.of("sentences", TensorProto
            .newBuilder().setDtype(DataType.DT_DOUBLE).setTensorShape(shape(1)).addDoubleVal(1)
            .build()))));
    assertRefused(Status.Code.INVALID_ARGUMENT, "output_filter names unknown output 'nope'"
        + " (signature 'serving_default' has outputs: label, probabilities)",
        () -> server.predict(request("serving_default", Map.of("sentences", strings("abc")))
            .toBuilder().addOutputFilter("nope").build()));
    assertRefused(Status.Code.INVALID_ARGUMENT,
        "metadata_field is empty; ask for \"signature_def\"",
        () -> server.predictions().getModelMetadata(
            GetModelMetadataRequest.newBuilder().setModelSpec(spec()).build()));
    assertRefused(Status.Code.INVALID_ARGUMENT, "model_spec.version_label 'stable': kiln serve"
            + " has no version labels; give model_spec.version, or no version for the one being"
            + " served",
        () -> server.models().getModelStatus(GetModelStatusRequest.newBuilder()
            .setModelSpec(spec().toBuilder().setVersionLabel("stable")).build()));
  }

  @Test
  void aMessageOverTheBodyLimitIsResourceExhausted() {
    String big = "x".repeat((int) MAX_BODY_BYTES);
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
        () -> server.predict(request("serving_default", Map.of("sentences", strings(big)))));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(),
        String.valueOf(refused.getStatus()));
    assertEquals(413, server.restPost("/v1/models/kiln:predict",
        "{\"inputs\": {\"sentences\": [\"" + big + "\"]}}").status());
  }

  /** Both transports share the --max-concurrent-requests permits: REST's 503 is UNAVAILABLE. */
  @Test
  void atTheConcurrentLimitBothAnswerUnavailable() {
    int taken = 0;
    try {
      while (taken < MAX_CONCURRENT && server.rest.predictor().tryStartRequest()) {
        taken++;
      }
      assertEquals(MAX_CONCURRENT, taken);
      assertSameRefusal(503, Status.Code.UNAVAILABLE, server.restGet("/v1/models/kiln"),
          () -> server.models().getModelStatus(
              GetModelStatusRequest.newBuilder().setModelSpec(spec()).build()));
    } finally {
      for (int i = 0; i < taken; i++) {
        server.rest.predictor().finishRequest();
      }
    }
  }

  @Test
  void grpcCallsShowInTheMetrics() {
    String okLine = "kiln_serving_grpc_requests_total{model=\"kiln\",method=\"Predict\","
        + "code=\"OK\"} ";
    String invalidLine = "kiln_serving_grpc_requests_total{model=\"kiln\",method=\"Predict\","
        + "code=\"INVALID_ARGUMENT\"} ";
    String latencyCount = "kiln_serving_request_latency_seconds_count ";
    String before = server.restGet("/monitoring/prometheus/metrics").body();
    server.predict(request("serving_default", Map.of("sentences", strings("a", "b"))));
    assertThrows(StatusRuntimeException.class,
        () -> server.predict(request("nope", Map.of("sentences", strings("a")))));
    String after = server.restGet("/monitoring/prometheus/metrics").body();

    assertEquals(counter(before, okLine) + 1, counter(after, okLine), after);
    assertEquals(counter(before, invalidLine) + 1, counter(after, invalidLine), after);
    assertTrue(counter(after, latencyCount) >= counter(before, latencyCount) + 2, after);
  }

  private static long counter(String metrics, String linePrefix) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(linePrefix) + "(\\d+)$")
        .matcher(metrics);
    return value.find() ? Long.parseLong(value.group(1)) : 0;
  }
}
