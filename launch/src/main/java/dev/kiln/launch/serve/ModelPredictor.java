package dev.kiln.launch.serve;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * What serving one model needs whatever the transport, shared by the REST {@link ModelServer} and
 * the gRPC server ({@code dev.kiln.launch.serve.grpc}): the {@code --max-concurrent-requests}
 * permits, version leases, and the predict path (lease a version, pick the signature, check the
 * {@link ServingLimits}, estimate memory, run, record the rows metric).
 */
public final class ModelPredictor {
  private final ModelManager model;
  private final ServingLimits limits;
  private final ServingMetrics metrics;
  private final Semaphore inFlight;

  ModelPredictor(ModelManager model, ServingLimits limits, ServingMetrics metrics) {
    this.model = model;
    this.limits = limits;
    this.metrics = metrics;
    this.inFlight = new Semaphore(limits.maxConcurrentRequests());
  }

  /** The served model's name ({@code --model-name}). */
  public String modelName() {
    return model.name();
  }

  public ServingLimits limits() {
    return limits;
  }

  /** The metrics every transport records into, rendered at {@code ModelServer}'s metrics path. */
  public ServingMetrics metrics() {
    return metrics;
  }

  /**
   * Takes one of the {@code --max-concurrent-requests} permits, counted in the in-flight gauge;
   * give it back with {@link #finishRequest}.
   *
   * @return false, taking nothing, when all are in use
   */
  public boolean tryStartRequest() {
    if (!inFlight.tryAcquire()) {
      return false;
    }
    metrics.requestStarted();
    return true;
  }

  /** Gives back the permit of {@link #tryStartRequest}. */
  public void finishRequest() {
    metrics.requestFinished();
    inFlight.release();
  }

  /** The message for a request refused because every permit is in use. */
  public String busyMessage() {
    return "the server is handling its limit of " + limits.maxConcurrentRequests()
        + " concurrent requests (--max-concurrent-requests); retry later";
  }

  /** A served version: its number and signatures. */
  public record ServedVersion(long version, Map<String, SignatureSpec> signatures) {}

  /**
   * The version being served, or {@code version} if given.
   *
   * @throws HttpError 404 if {@code version} is not the one being served, 503 once closed
   */
  public ServedVersion describe(OptionalLong version) {
    try (LoadedVersion.Lease lease = model.acquire(version)) {
      return new ServedVersion(lease.version(), lease.servable().signatures());
    }
  }

  /** A signature's outputs, by name, and the version and signature that gave them. */
  public record Prediction(long version, String signatureKey, Map<String, TensorValue> outputs) {}

  /**
   * Runs one signature on the version being served (or {@code version}), after checking the
   * request against the limits, and turns the outputs into the transport's answer while holding
   * the version.
   *
   * @param answer builds the transport's response from the prediction
   * @throws InvalidInputException if the signature is unknown or the inputs do not fit it ({@link
   *     LimitExceededException} if they are over a limit)
   * @throws HttpError 404 if {@code version} is not the one being served, 503 once closed
   */
  public <T> T predict(OptionalLong version, String signatureKey, PredictInputs request,
      Function<Prediction, T> answer) {
    try (LoadedVersion.Lease lease = model.acquire(version)) {
      Servable servable = lease.servable();
      SignatureSpec signature = servable.signature(signatureKey);
      limits.checkInstances(request.instances());
      Map<String, TensorValue> inputs = request.inputs(signature);
      limits.checkInputs(inputs);
      signature.checkInputs(inputs); // the estimate trusts the shapes
      limits.checkMemory(servable.estimateBytes(signature.key(), inputs));
      T response = answer.apply(new Prediction(lease.version(), signature.key(),
          servable.predict(signature.key(), inputs)));
      metrics.observeRows(request.rows(inputs));
      return response;
    }
  }
}
