package dev.kiln.launch.export;

import dev.kiln.launch.serve.PredictSignatures;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/** The outputs and Predict signatures a binary classifier's serving graph exposes. */
final class ClassifierSignatures {
  private ClassifierSignatures() {}

  /**
   * {@code probabilities} {@code <float32>[batch, 2]} = [1 - p, p] with p = sigmoid(logit), and
   * {@code label} {@code <string>[batch]} = labels[logit ≥ 0], as ops named so in {@code tf}'s
   * graph.
   *
   * @param logits {@code <float32>[batch]}
   * @param labels the class names, class 0 first
   * @return the outputs, for {@link #predict}
   */
  static Map<String, TensorInfo> outputs(Ops tf, Operand<TFloat32> logits, List<String> labels) {
    if (labels.size() != 2) {
      throw new IllegalArgumentException("a binary classifier needs 2 class names, got " + labels);
    }
    Operand<TFloat32> positive = tf.math.sigmoid(logits);
    Output<TFloat32> probabilities = tf.withName("probabilities").stack(
        List.of(tf.math.sub(tf.constant(1f), positive), positive), Stack.axis(1L)).output();
    Output<TString> label = tf.withName("label").gather(
        tf.constant(NdArrays.vectorOfObjects(labels.toArray(new String[0]))),
        tf.dtypes.cast(tf.math.greaterEqual(logits, tf.constant(0f)), TInt32.class),
        tf.constant(0)).output();
    return Map.of(
        "probabilities", info(probabilities, DataType.DT_FLOAT, -1, 2),
        "label", info(label, DataType.DT_STRING, -1));
  }

  /** A signature of TensorFlow Serving's Predict method. */
  static SignatureDef predict(Map<String, TensorInfo> inputs, Map<String, TensorInfo> outputs) {
    return SignatureDef.newBuilder().putAllInputs(inputs).putAllOutputs(outputs)
        .setMethodName(PredictSignatures.PREDICT_METHOD_NAME).build();
  }

  /** {@code tensor} as a signature's input or output of type {@code dtype} and shape {@code dims}. */
  static TensorInfo info(Output<?> tensor, DataType dtype, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim));
    }
    return TensorInfo.newBuilder().setName(tensor.op().name() + ":" + tensor.index())
        .setDtype(dtype).setTensorShape(shape).build();
  }
}
