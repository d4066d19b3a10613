package dev.kiln.tools.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * TF Serving's REST {@code :predict} in row format ({@code {"instances": [...]}}), over one
 * keep-alive HTTP/1.1 connection per client, written straight to a socket as load generators
 * (wrk, ab) do: the JDK's {@code HttpClient} spent about 1.9 ms of CPU per request here, as much
 * as the server it loaded, on the same two cores. The answer's body is read and discarded.
 */
final class RestPredictClient implements PredictClient {
  private static final int TIMEOUT_MILLIS = 60_000;

  private final URI predict;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  private RestPredictClient(URI predict) {
    this.predict = predict;
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
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    String head = "POST " + predict.getRawPath() + " HTTP/1.1\r\nHost: " + predict.getHost() + ":"
        + predict.getPort() + "\r\nContent-Type: application/json\r\nContent-Length: "
        + bytes.length + "\r\n\r\n";
    if (socket == null) {
      connect();
    }
    try {
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close(); // the next request opens a new connection
      throw e;
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(predict.getHost(), predict.getPort()), 5_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
  }

  /** Reads one response with a Content-Length body; returns its status. */
  private int readResponse() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(parts[1]);
    long length = -1;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring("content-length:".length()).strip());
      } else if (lower.startsWith("transfer-encoding:")) {
        throw new IOException("the server answered with " + header + "; only Content-Length"
            + " bodies are read");
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closes = true;
      }
    }
    if (length < 0) {
      throw new IOException("the response to " + predict + " has no Content-Length");
    }
    in.skipNBytes(length);
    if (closes) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a load client: nothing to recover
      }
      socket = null;
    }
  }
}
