package dev.kiln.launch.serve.grpc;

import com.google.protobuf.ByteString;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import tensorflow.serving.Model.ModelSpec;
import tensorflow.serving.Predict.PredictRequest;

/** The {@code Predict} request a TF Serving client sends for raw text: Kiln's load clients use it. */
public final class SentencesRequest {
  private SentencesRequest() {}

  /** {@code sentences} as the {@code sentences} input of {@code model}'s {@code serving_default}. */
  public static PredictRequest of(String model, List<String> sentences) {
    TensorProto.Builder input = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(sentences.size())));
    sentences.forEach(sentence -> input.addStringVal(ByteString.copyFromUtf8(sentence)));
    return PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setName(model).setSignatureName("serving_default"))
        .putInputs("sentences", input.build())
        .build();
  }
}
