package dev.kiln.tools.serve;

import dev.kiln.launch.serve.grpc.SentencesRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tensorflow.serving.Predict.PredictRequest;
import tensorflow.serving.PredictionServiceGrpc;

/**
 * TF Serving's gRPC {@code PredictionService.Predict} with raw {@code sentences} for {@code
 * serving_default}, over one plaintext channel per client, as a TF Serving user's Java client
 * sends it.
 */
final class GrpcPredictClient implements PredictClient {
  private static final long DEADLINE_SECONDS = 60;

  private final ManagedChannel channel;
  private final PredictionServiceGrpc.PredictionServiceBlockingStub stub;
  private final String model;

  private GrpcPredictClient(String host, int port, String model) {
    this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = PredictionServiceGrpc.newBlockingStub(channel);
    this.model = model;
  }

  /** Clients of the gRPC API at {@code host:port} for model {@code model}. */
  static Factory factory(String host, int port, String model) {
    return new Factory() {
      @Override
      public String transport() {
        return "gRPC";
      }

      @Override
      public PredictClient create() {
        return new GrpcPredictClient(host, port, model);
      }
    };
  }

  @Override
  public int predict(List<String> sentences) throws IOException {
    PredictRequest request = SentencesRequest.of(model, sentences);
    try {
      stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).predict(request);
      return 200;
    } catch (StatusRuntimeException e) {
      return httpStatus(e.getStatus().getCode(), e);
    }
  }

  /** The HTTP status TF Serving's REST API answers for {@code code}; no answer is an exception. */
  static int httpStatus(Status.Code code, StatusRuntimeException e) throws IOException {
    return switch (code) {
      case OK -> 200;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case NOT_FOUND -> 404;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED, CANCELLED -> throw new IOException("no answer: " + e.getStatus(), e);
      default -> 500;
    };
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
