package dev.kiln.launch.serve.grpc;

import static dev.kiln.launch.serve.grpc.GrpcTestServer.request;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.shape;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.spec;
import static dev.kiln.launch.serve.grpc.GrpcTestServer.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.launch.serve.ServingLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import tensorflow.serving.Predict.PredictResponse;

/**
 * The gRPC API, called as TF Serving users call it, answers as the REST API does on the same
 * server: predictions of the text and token-id signatures, metadata and status.
 */
class GrpcModelServerTest {
  @TempDir static Path base;
  static GrpcTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = GrpcTestServer.start(base, ServingLimits.defaults(), 64 << 10);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void textPredictionsEqualRests() {
    PredictResponse response = server.predict(request("serving_default",
        Map.of("sentences", strings("a", "hello"))));
    JsonObject restOutputs = server.restPost("/v1/models/kiln:predict",
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
    JsonObject restOutputs = server.restPost("/v1/models/kiln:predict", "{\"signature_name\":"
        + " \"token_ids\", \"inputs\": {\"token_ids\": [[1, 2, 3], [4, 0, 0]], \"lengths\":"
        + " [3, 1]}}").json().getAsJsonObject().getAsJsonObject("outputs");

    for (TensorProto ids : List.of(typed, packed)) {
      PredictResponse response = server.predict(request("token_ids",
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
    PredictResponse response = server.predict(request("serving_default",
        Map.of("sentences", strings("abc"))).toBuilder().addOutputFilter("label").build());
    assertEquals(List.of("label"), List.copyOf(response.getOutputsMap().keySet()));
  }

  @Test
  void metadataEqualsRests() throws InvalidProtocolBufferException {
    GetModelMetadataResponse response = server.predictions().getModelMetadata(
        GetModelMetadataRequest.newBuilder().setModelSpec(spec())
            .addMetadataField("signature_def").build());
    JsonObject restMetadata = server.restGet("/v1/models/kiln/metadata").json()
        .getAsJsonObject();

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
    GetModelStatusResponse response = server.models().getModelStatus(
        GetModelStatusRequest.newBuilder().setModelSpec(spec()).build());
    JsonObject restStatus = server.restGet("/v1/models/kiln").json().getAsJsonObject()
        .getAsJsonArray("model_version_status").get(0).getAsJsonObject();

    ModelVersionStatus status = response.getModelVersionStatus(0);
    assertEquals(1, response.getModelVersionStatusCount());
    assertEquals(restStatus.get("version").getAsLong(), status.getVersion());
    assertEquals(1, status.getVersion());
    assertEquals(restStatus.get("state").getAsString(), status.getState().name());
    assertEquals(ModelVersionStatus.State.AVAILABLE, status.getState());
    assertEquals(Code.OK, status.getStatus().getErrorCode());
    assertEquals("", status.getStatus().getErrorMessage());
    assertEquals(response, server.models().getModelStatus(GetModelStatusRequest.newBuilder()
        .setModelSpec(spec().toBuilder().setVersion(Int64Value.of(1))).build()));
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
}
