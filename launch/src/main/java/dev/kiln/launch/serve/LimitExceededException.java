package dev.kiln.launch.serve;

/**
 * A request over one of the {@link ServingLimits}, refused before the model runs: REST answers it
 * 400 like any invalid input, gRPC {@code RESOURCE_EXHAUSTED} as TensorFlow Serving does.
 */
public class LimitExceededException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }
}
