package dev.kiln.launch.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/** Reads request bodies up to a limit, so an oversized one is refused before it is buffered. */
final class RequestBodies {
  private RequestBodies() {}

  /**
   * The body as UTF-8 text.
   *
   * @param declaredLength the Content-Length header, or -1 when absent (chunked)
   * @throws HttpError 413 if the body is (or is declared) longer than {@code limit}
   * @throws InvalidInputException if the body is not UTF-8
   */
  static String read(InputStream body, long declaredLength, long limit) throws IOException {
    if (declaredLength > limit) {
      throw tooLarge(limit);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = body.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw tooLarge(limit);
      }
      bytes.write(buffer, 0, n);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("the request body is not UTF-8");
    }
  }

  private static HttpError tooLarge(long limit) {
    return new HttpError(413, "the request body is larger than the limit of " + limit
        + " bytes (--max-body-bytes)", true);
  }
}
