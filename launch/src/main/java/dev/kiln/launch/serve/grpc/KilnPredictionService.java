package dev.kiln.launch.serve.grpc;

import dev.kiln.launch.serve.ModelPredictor;
import dev.kiln.launch.serve.TensorValue;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tensorflow.serving.GetModelMetadata.GetModelMetadataRequest;
import tensorflow.serving.GetModelMetadata.GetModelMetadataResponse;
import tensorflow.serving.Predict.PredictRequest;
import tensorflow.serving.Predict.PredictResponse;
import tensorflow.serving.PredictionServiceGrpc;

/**
 * {@code tensorflow.serving.PredictionService}: {@code Predict} runs a signature through the
 * shared {@link ModelPredictor}, {@code GetModelMetadata} lists the signatures. TF Serving's
 * {@code Classify}, {@code Regress} and {@code MultiInference} are not served ({@code
 * UNIMPLEMENTED}).
 */
final class KilnPredictionService extends PredictionServiceGrpc.PredictionServiceImplBase {
  private final GrpcCalls calls;

  KilnPredictionService(GrpcCalls calls) {
    this.calls = calls;
  }

  @Override
  public void predict(PredictRequest request, StreamObserver<PredictResponse> observer) {
    calls.answer("Predict", request.getModelSpec(), observer, () -> {
      String signatureName = GrpcCalls.signatureName(request.getModelSpec());
      return calls.predictor().predict(calls.version(request.getModelSpec()), signatureName,
          new TensorProtoInputs(request.getInputsMap()), prediction -> {
            PredictResponse.Builder response = PredictResponse.newBuilder()
                .setModelSpec(ModelProtos.modelSpec(calls.predictor().modelName(),
                    prediction.version(), prediction.signatureKey()));
            filtered(prediction, request.getOutputFilterList()).forEach((name, value) ->
                response.putOutputs(name, GrpcTensors.toProto(value)));
            return response.build();
          });
    });
  }

  @Override
  public void getModelMetadata(GetModelMetadataRequest request,
      StreamObserver<GetModelMetadataResponse> observer) {
    calls.answer("GetModelMetadata", request.getModelSpec(), observer, () -> {
      if (request.getMetadataFieldCount() == 0) {
        throw GrpcStatuses.invalidArgument("metadata_field is empty; ask for \""
            + ModelProtos.SIGNATURE_DEF + "\"");
      }
      for (String field : request.getMetadataFieldList()) {
        if (!field.equals(ModelProtos.SIGNATURE_DEF)) {
          throw GrpcStatuses.invalidArgument("metadata_field \"" + field + "\" is not supported"
              + " (kiln serve has \"" + ModelProtos.SIGNATURE_DEF + "\")");
        }
      }
      return ModelProtos.metadata(calls.predictor().modelName(),
          calls.predictor().describe(calls.version(request.getModelSpec())));
    });
  }

  /** The outputs {@code output_filter} names, in its order; all of them when it is empty. */
  private static Map<String, TensorValue> filtered(ModelPredictor.Prediction prediction,
      List<String> filter) {
    if (filter.isEmpty()) {
      return prediction.outputs();
    }
    Map<String, TensorValue> outputs = new LinkedHashMap<>();
    for (String name : filter) {
      TensorValue value = prediction.outputs().get(name);
      if (value == null) {
        throw GrpcStatuses.invalidArgument("output_filter names unknown output '" + name
            + "' (signature '" + prediction.signatureKey() + "' has outputs: "
            + String.join(", ", prediction.outputs().keySet()) + ")");
      }
      outputs.put(name, value);
    }
    return outputs;
  }
}
