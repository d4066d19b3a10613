package dev.kiln.launch.serve.grpc;

import dev.kiln.launch.serve.ModelPredictor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.OptionalLong;
import java.util.function.Supplier;
import tensorflow.serving.Model.ModelSpec;

/**
 * What every gRPC method does around its own work, as the REST server does around a route: takes
 * a {@code --max-concurrent-requests} permit ({@code UNAVAILABLE} when none is free), maps errors
 * to statuses ({@link GrpcStatuses}), and records the call in the metrics: its count by method and
 * code, and for {@code Predict} its latency.
 */
final class GrpcCalls {
  static final String DEFAULT_SIGNATURE = "serving_default";

  private final ModelPredictor predictor;

  GrpcCalls(ModelPredictor predictor) {
    this.predictor = predictor;
  }

  ModelPredictor predictor() {
    return predictor;
  }

  /**
   * Answers one call with {@code work}'s response or an error status.
   *
   * @param spec the request's model spec: only the served model's name becomes a metrics label
   */
  <T> void answer(String method, ModelSpec spec, StreamObserver<T> observer, Supplier<T> work) {
    long started = System.nanoTime();
    Status status;
    T response = null;
    if (!predictor.tryStartRequest()) {
      status = Status.UNAVAILABLE.withDescription(predictor.busyMessage());
    } else {
      try {
        response = work.get();
        status = Status.OK;
      } catch (RuntimeException e) {
        status = GrpcStatuses.of(e, method);
      } finally {
        predictor.finishRequest();
      }
    }
    boolean servedModel = spec.getName().equals(predictor.modelName());
    predictor.metrics().countGrpcRequest(servedModel ? predictor.modelName() : "", method,
        status.getCode().name());
    if (method.equals("Predict")) {
      predictor.metrics().observeLatencyNanos(System.nanoTime() - started);
    }
    if (status.isOk()) {
      observer.onNext(response);
      observer.onCompleted();
    } else {
      observer.onError(status.asRuntimeException());
    }
  }

  /**
   * The version a request's model spec asks for, checking it names the served model.
   *
   * @throws io.grpc.StatusRuntimeException {@code NOT_FOUND} for another model's name, {@code
   *     INVALID_ARGUMENT} for none or a version label (kiln serve has none)
   */
  OptionalLong version(ModelSpec spec) {
    if (spec.getName().isEmpty()) {
      throw GrpcStatuses.invalidArgument("the request has no model_spec.name (serving '"
          + predictor.modelName() + "')");
    }
    if (!spec.getName().equals(predictor.modelName())) {
      throw GrpcStatuses.notFound("no model named '" + spec.getName() + "' (serving '"
          + predictor.modelName() + "')");
    }
    if (spec.hasVersionLabel()) {
      throw GrpcStatuses.invalidArgument("model_spec.version_label '" + spec.getVersionLabel()
          + "': kiln serve has no version labels; give model_spec.version, or no version for the"
          + " one being served");
    }
    return spec.hasVersion() ? OptionalLong.of(spec.getVersion().getValue())
        : OptionalLong.empty();
  }

  /** The signature a model spec names, {@value #DEFAULT_SIGNATURE} when it names none. */
  static String signatureName(ModelSpec spec) {
    return spec.getSignatureName().isEmpty() ? DEFAULT_SIGNATURE : spec.getSignatureName();
  }
}
