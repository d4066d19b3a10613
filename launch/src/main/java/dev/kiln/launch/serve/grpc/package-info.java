/**
 * {@code kiln serve --grpc-port}: TensorFlow Serving's gRPC API ({@code
 * tensorflow.serving.PredictionService} {@code Predict} and {@code GetModelMetadata}, {@code
 * tensorflow.serving.ModelService} {@code GetModelStatus}) beside the REST one, on grpc-java.
 *
 * <p>The messages are generated from Kiln's copies of TF Serving's protos ({@code
 * src/main/proto}, Java package {@code tensorflow.serving} as TF Serving's own protos give), with
 * TensorFlow's {@code TensorProto} and {@code SignatureDef} taken from TF Java. Requests go through
 * the REST server's {@link dev.kiln.launch.serve.ModelPredictor}: the same versions, limits,
 * concurrency permits and metrics.
 */
package dev.kiln.launch.serve.grpc;
