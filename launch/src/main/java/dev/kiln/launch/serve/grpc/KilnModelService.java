package dev.kiln.launch.serve.grpc;

import io.grpc.stub.StreamObserver;
import tensorflow.serving.GetModelStatus.GetModelStatusRequest;
import tensorflow.serving.GetModelStatus.GetModelStatusResponse;
import tensorflow.serving.ModelServiceGrpc;

/**
 * {@code tensorflow.serving.ModelService}: {@code GetModelStatus} reports the version being served
 * (or the one asked for, {@code NOT_FOUND} if it is not), {@code AVAILABLE}. TF Serving's {@code
 * HandleReloadConfigRequest} and {@code ListModelNames} are not served ({@code UNIMPLEMENTED}).
 */
final class KilnModelService extends ModelServiceGrpc.ModelServiceImplBase {
  private final GrpcCalls calls;

  KilnModelService(GrpcCalls calls) {
    this.calls = calls;
  }

  @Override
  public void getModelStatus(GetModelStatusRequest request,
      StreamObserver<GetModelStatusResponse> observer) {
    calls.answer("GetModelStatus", request.getModelSpec(), observer, () -> ModelProtos.status(
        calls.predictor().describe(calls.version(request.getModelSpec())).version()));
  }
}
