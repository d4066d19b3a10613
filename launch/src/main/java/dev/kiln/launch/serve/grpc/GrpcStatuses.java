package dev.kiln.launch.serve.grpc;

import dev.kiln.launch.serve.HttpError;
import dev.kiln.launch.serve.InvalidInputException;
import dev.kiln.launch.serve.LimitExceededException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC status for a refused or failed request, as TF Serving maps its errors, with the same
 * one-line message the REST API sends: {@code INVALID_ARGUMENT} for bad input, {@code
 * RESOURCE_EXHAUSTED} for a request over a {@code ServingLimits} limit, {@code NOT_FOUND} for an
 * unknown model or version, {@code UNAVAILABLE} when the server is at its concurrent-request limit
 * or shutting down (REST's 503), {@code INTERNAL} for a server fault (logged, never described).
 */
final class GrpcStatuses {
  private static final System.Logger LOG = System.getLogger(GrpcStatuses.class.getName());

  private GrpcStatuses() {}

  static Status of(RuntimeException error, String method) {
    if (error instanceof StatusRuntimeException refused) {
      return refused.getStatus();
    }
    if (error instanceof LimitExceededException) {
      return Status.RESOURCE_EXHAUSTED.withDescription(error.getMessage());
    }
    if (error instanceof InvalidInputException) {
      return Status.INVALID_ARGUMENT.withDescription(error.getMessage());
    }
    if (error instanceof HttpError http) {
      Status status = switch (http.status()) {
        case 400 -> Status.INVALID_ARGUMENT;
        case 404 -> Status.NOT_FOUND;
        case 413 -> Status.RESOURCE_EXHAUSTED;
        case 503 -> Status.UNAVAILABLE;
        default -> Status.UNKNOWN;
      };
      return status.withDescription(error.getMessage());
    }
    LOG.log(System.Logger.Level.ERROR, "Failed gRPC " + method, error);
    return Status.INTERNAL.withDescription(
        "internal server error: " + error.getClass().getSimpleName());
  }

  static StatusRuntimeException invalidArgument(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }
}
