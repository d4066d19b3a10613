package dev.kiln.launch.serve.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Int64Value;
import dev.kiln.launch.serve.ModelPredictor;
import dev.kiln.launch.serve.SignatureSpec;
import dev.kiln.launch.serve.TensorSpec;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.error.Code;
import tensorflow.serving.GetModelMetadata.GetModelMetadataResponse;
import tensorflow.serving.GetModelMetadata.SignatureDefMap;
import tensorflow.serving.GetModelStatus.GetModelStatusResponse;
import tensorflow.serving.GetModelStatus.ModelVersionStatus;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.Status.StatusProto;

/**
 * The model status and metadata responses, with the same content as the REST API's bodies
 * ({@code ModelJson}): one version, {@code AVAILABLE}; every signature as a {@code SignatureDef}.
 */
final class ModelProtos {
  /** The one metadata field there is, as in TF Serving. */
  static final String SIGNATURE_DEF = "signature_def";

  private ModelProtos() {}

  static ModelSpec modelSpec(String name, long version, String signatureName) {
    return ModelSpec.newBuilder()
        .setName(name)
        .setVersion(Int64Value.of(version))
        .setSignatureName(signatureName)
        .build();
  }

  static GetModelStatusResponse status(long version) {
    return GetModelStatusResponse.newBuilder()
        .addModelVersionStatus(ModelVersionStatus.newBuilder()
            .setVersion(version)
            .setState(ModelVersionStatus.State.AVAILABLE)
            .setStatus(StatusProto.newBuilder().setErrorCode(Code.OK)))
        .build();
  }

  /** {@code metadata["signature_def"]}: a {@code SignatureDefMap} packed in an {@code Any}. */
  static GetModelMetadataResponse metadata(String name, ModelPredictor.ServedVersion served) {
    SignatureDefMap.Builder signatures = SignatureDefMap.newBuilder();
    served.signatures().forEach((key, signature) ->
        signatures.putSignatureDef(key, signatureDef(signature)));
    return GetModelMetadataResponse.newBuilder()
        .setModelSpec(modelSpec(name, served.version(), ""))
        .putMetadata(SIGNATURE_DEF, Any.pack(signatures.build()))
        .build();
  }

  static SignatureDef signatureDef(SignatureSpec signature) {
    SignatureDef.Builder def = SignatureDef.newBuilder().setMethodName(signature.methodName());
    signature.inputs().forEach((name, spec) -> def.putInputs(name, tensorInfo(spec)));
    signature.outputs().forEach((name, spec) -> def.putOutputs(name, tensorInfo(spec)));
    return def.build();
  }

  private static TensorInfo tensorInfo(TensorSpec spec) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    spec.dims().ifPresentOrElse(
        sizes -> {
          for (long size : sizes) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
          }
        },
        () -> shape.setUnknownRank(true));
    return TensorInfo.newBuilder()
        .setName(spec.tensorName())
        .setDtype(spec.dataType())
        .setTensorShape(shape)
        .build();
  }
}
