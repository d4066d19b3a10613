package dev.kiln.tools.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * TF Serving's REST {@code :predict} in row format ({@code {"instances": [...]}}), over one
 * keep-alive HTTP/1.1 connection per client, as a load-generating client would hold it.
 */
final class RestPredictClient implements PredictClient {
  private final HttpClient http;
  private final URI predict;

  private RestPredictClient(URI predict) {
    this.predict = predict;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Clients of {@code http://host:port/v1/models/NAME:predict}. */
  static Factory factory(String modelUrl) {
    URI predict = URI.create(modelUrl + ":predict");
    return new Factory() {
      @Override
      public String transport() {
        return "REST";
      }

      @Override
      public PredictClient create() {
        return new RestPredictClient(predict);
      }
    };
  }

  @Override
  public int predict(List<String> sentences) throws IOException {
    JsonArray instances = new JsonArray();
    sentences.forEach(instances::add);
    JsonObject body = new JsonObject();
    body.add("instances", instances);
    HttpRequest request = HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close before Java 21; its connections go with it
  }
}
