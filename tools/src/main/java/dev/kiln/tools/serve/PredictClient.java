package dev.kiln.tools.serve;

import java.io.IOException;
import java.util.List;

/**
 * One connection-holding client of a model server's predict API, used by one load thread at a
 * time. {@link RestPredictClient} speaks TF Serving's REST API; a gRPC client
 * ({@code PredictionService.Predict}) plugs in by implementing this.
 */
interface PredictClient extends AutoCloseable {

  /** Makes clients, one per load thread. */
  interface Factory {
    /** The transport's name in the table, e.g. "REST". */
    String transport();

    PredictClient create();
  }

  /**
   * Predicts {@code sentences} with the model's {@code serving_default} signature.
   *
   * @return the status: an HTTP status code (200 for success; gRPC clients map their codes to
   *     the HTTP ones TF Serving maps them to, e.g. UNAVAILABLE to 503)
   * @throws IOException if no answer came (connection refused or reset, timeout)
   */
  int predict(List<String> sentences) throws IOException;

  @Override
  void close();
}
