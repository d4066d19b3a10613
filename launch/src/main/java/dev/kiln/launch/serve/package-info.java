/**
 * {@code kiln serve}: TensorFlow Serving's REST API for SavedModels, on the JDK's HTTP server
 * (its gRPC API is in {@code dev.kiln.launch.serve.grpc}).
 *
 * <p>Layers, each usable alone:
 *
 * <ul>
 *   <li>{@link dev.kiln.launch.serve.ModelServer} (HTTP, routing, JSON errors) over a
 *       {@code ModelManager} (version polling, reference-counted unloading);
 *   <li>{@link dev.kiln.launch.serve.ModelPredictor}: the predict path and concurrency permits
 *       every transport shares, REST here and gRPC in {@code dev.kiln.launch.serve.grpc};
 *   <li>{@code PredictRequest} / {@code PredictResponse} / {@code JsonTensors}: the REST JSON
 *       formats, row ({@code instances} / {@code predictions}) and columnar ({@code inputs} /
 *       {@code outputs});
 *   <li>{@link dev.kiln.launch.serve.Servable}: signatures and
 *       {@code predict(signature, inputs)} on heap {@link dev.kiln.launch.serve.TensorValue}s,
 *       implemented on TF Java by {@link dev.kiln.launch.serve.SavedModelServable}.
 * </ul>
 *
 * <p>Exporters: give every signature {@code method_name} {@code tensorflow/serving/predict} by
 * starting it from {@link dev.kiln.launch.serve.PredictSignatures#builder}; TF Java leaves it
 * empty otherwise (see {@link dev.kiln.launch.serve.PredictSignatures}).
 */
package dev.kiln.launch.serve;
