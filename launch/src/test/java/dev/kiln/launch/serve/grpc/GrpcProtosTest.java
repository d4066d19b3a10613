package dev.kiln.launch.serve.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Int64Value;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.error.Code;
import tensorflow.serving.GetModelMetadata;
import tensorflow.serving.GetModelStatus;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.ModelServiceGrpc;
import tensorflow.serving.Predict;
import tensorflow.serving.PredictionServiceGrpc;
import tensorflow.serving.Status.StatusProto;

/**
 * Kiln's TF Serving protos are wire-compatible with TF Serving's published ones: the same message
 * and method names and field numbers, and TensorFlow's messages are TF Java's own (the import-only
 * stand-ins in src/main/proto-imports resolve to them).
 */
class GrpcProtosTest {

  @Test
  void tensorFlowMessagesAreTfJavasOwn() {
    assertSame(TensorProto.getDescriptor(), valueType(
        Predict.PredictRequest.getDescriptor().findFieldByName("inputs")).getMessageType());
    assertSame(TensorProto.getDescriptor(), valueType(
        Predict.PredictResponse.getDescriptor().findFieldByName("outputs")).getMessageType());
    assertSame(SignatureDef.getDescriptor(), valueType(GetModelMetadata.SignatureDefMap
        .getDescriptor().findFieldByName("signature_def")).getMessageType());
    assertSame(Code.getDescriptor(),
        StatusProto.getDescriptor().findFieldByName("error_code").getEnumType());
  }

  /** Field numbers as in TF Serving's tensorflow_serving/apis/*.proto. */
  @Test
  void fieldNumbersAreTfServings() {
    assertEquals("{name=1, signature_name=3, version=2, version_label=4}",
        fields(ModelSpec.getDescriptor()));
    assertEquals("{inputs=2, model_spec=1, output_filter=3}",
        fields(Predict.PredictRequest.getDescriptor()));
    assertEquals("{model_spec=2, outputs=1}", fields(Predict.PredictResponse.getDescriptor()));
    assertEquals("{signature_def=1}", fields(GetModelMetadata.SignatureDefMap.getDescriptor()));
    assertEquals("{metadata_field=2, model_spec=1}",
        fields(GetModelMetadata.GetModelMetadataRequest.getDescriptor()));
    assertEquals("{metadata=2, model_spec=1}",
        fields(GetModelMetadata.GetModelMetadataResponse.getDescriptor()));
    assertEquals("{model_spec=1}", fields(GetModelStatus.GetModelStatusRequest.getDescriptor()));
    assertEquals("{state=2, status=3, version=1}",
        fields(GetModelStatus.ModelVersionStatus.getDescriptor()));
    assertEquals("{model_version_status=1}",
        fields(GetModelStatus.GetModelStatusResponse.getDescriptor()));
    assertEquals("{error_code=1, error_message=2}", fields(StatusProto.getDescriptor()));
    assertEquals(30, GetModelStatus.ModelVersionStatus.State.AVAILABLE.getNumber());
    assertEquals(50, GetModelStatus.ModelVersionStatus.State.END.getNumber());
  }

  @Test
  void servicesAndMethodsHaveTfServingsNames() {
    assertEquals("tensorflow.serving.PredictionService/Predict",
        PredictionServiceGrpc.getPredictMethod().getFullMethodName());
    assertEquals("tensorflow.serving.PredictionService/GetModelMetadata",
        PredictionServiceGrpc.getGetModelMetadataMethod().getFullMethodName());
    assertEquals("tensorflow.serving.ModelService/GetModelStatus",
        ModelServiceGrpc.getGetModelStatusMethod().getFullMethodName());
  }

  /** The bytes of a model spec are protobuf's encoding of TF Serving's field numbers. */
  @Test
  void aModelSpecEncodesAsTfServingsDoes() {
    byte[] bytes = ModelSpec.newBuilder().setName("m").setVersion(Int64Value.of(2))
        .setSignatureName("s").build().toByteArray();
    // name (1, length-delimited) "m"; version (2) an Int64Value {value (1, varint) 2};
    // signature_name (3) "s"
    assertArrayEquals(new byte[] {0x0a, 1, 'm', 0x12, 2, 0x08, 2, 0x1a, 1, 's'}, bytes);
  }

  private static FieldDescriptor valueType(FieldDescriptor mapField) {
    return mapField.getMessageType().findFieldByName("value");
  }

  private static String fields(Descriptor message) {
    Map<String, Integer> numbers = new TreeMap<>(message.getFields().stream()
        .collect(Collectors.toMap(FieldDescriptor::getName, FieldDescriptor::getNumber)));
    return numbers.toString();
  }
}
