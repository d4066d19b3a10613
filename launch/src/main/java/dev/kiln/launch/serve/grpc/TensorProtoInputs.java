package dev.kiln.launch.serve.grpc;

import dev.kiln.launch.serve.PredictInputs;
import dev.kiln.launch.serve.SignatureSpec;
import dev.kiln.launch.serve.TensorValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.TensorProto;

/** A gRPC {@code PredictRequest}'s {@code inputs}: one {@code TensorProto} per input name. */
final class TensorProtoInputs implements PredictInputs {
  private final Map<String, TensorProto> protos;

  TensorProtoInputs(Map<String, TensorProto> protos) {
    this.protos = protos;
  }

  /** Tensors are given whole, never listed example by example. */
  @Override
  public int instances() {
    return 0;
  }

  @Override
  public Map<String, TensorValue> inputs(SignatureSpec signature) {
    signature.checkInputNames(protos.keySet(), "\"inputs\"");
    Map<String, TensorValue> inputs = new LinkedHashMap<>();
    protos.forEach((name, proto) ->
        inputs.put(name, GrpcTensors.fromProto("input '" + name + "'", proto)));
    return inputs;
  }
}
