package dev.kiln.launch.serve;

import java.util.Map;

/**
 * A loaded model version that answers predictions, independent of HTTP and JSON.
 *
 * <p>Implementations are safe for concurrent {@link #predict} calls; {@link #close} is called once,
 * after the last of them has returned.
 */
public interface Servable extends AutoCloseable {

  /** The signatures, by key. */
  Map<String, SignatureSpec> signatures();

  /**
   * Runs one signature.
   *
   * @param inputs exactly the signature's inputs, by name
   * @return every output of the signature, by name
   * @throws InvalidInputException if the signature is unknown or the inputs do not fit it
   */
  Map<String, TensorValue> predict(String signatureKey, Map<String, TensorValue> inputs);

  /**
   * The largest last dimension of the model's variables ({@link MemoryEstimate#widestLayer}), 1
   * when unknown.
   */
  default long widestLayer() {
    return 1;
  }

  /**
   * The estimated memory of running {@code signatureKey} on {@code inputs}, in bytes ({@link
   * MemoryEstimate}), known before running it.
   */
  default long estimateBytes(String signatureKey, Map<String, TensorValue> inputs) {
    return MemoryEstimate.of(inputs, widestLayer());
  }

  /** The signature under {@code key}; throws {@link InvalidInputException} naming the known ones. */
  default SignatureSpec signature(String key) {
    SignatureSpec signature = signatures().get(key);
    if (signature == null) {
      throw new InvalidInputException("unknown signature '" + key + "' (signatures: "
          + String.join(", ", signatures().keySet()) + ")");
    }
    return signature;
  }

  /** Releases the model's resources. */
  @Override
  void close();
}
