package dev.kiln.launch.serve;

import java.util.Map;

/**
 * A predict request's inputs as one transport carries them (REST JSON, gRPC {@code TensorProto}s),
 * read once the signature is known.
 */
public interface PredictInputs {

  /**
   * The examples the request lists one by one (REST's row format, {@code "instances"}), checked
   * against {@code --max-request-rows} before the inputs are built; 0 when it does not list them.
   */
  int instances();

  /**
   * The request's tensors for {@code signature}, by input name.
   *
   * @throws InvalidInputException if names, types or shapes do not fit the signature
   */
  Map<String, TensorValue> inputs(SignatureSpec signature);

  /**
   * The rows (examples) of a request that ran, for the rows metric: the first dimension of its
   * inputs, 1 if they are scalars.
   */
  default long rows(Map<String, TensorValue> inputs) {
    for (TensorValue value : inputs.values()) {
      if (value.shape().length > 0) {
        return value.shape()[0];
      }
    }
    return 1;
  }
}
