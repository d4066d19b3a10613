package dev.kiln.launch.serve;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code :predict} request may ask of the server; a request over a limit is refused
 * with a 400 naming the limit and its {@code kiln serve} flag, before the model runs.
 *
 * @param maxRows the most rows (examples) in one request ({@code --max-request-rows})
 * @param maxTextLength the longest text in characters, and the longest row of a rank-2 or higher
 *     input such as {@code token_ids} ({@code --max-text-length})
 * @param maxConcurrentRequests the most requests handled at once; more get a 503 with {@code
 *     Retry-After} ({@code --max-concurrent-requests})
 * @param maxRequestMemoryBytes the largest {@link MemoryEstimate} of one request ({@code
 *     --max-request-memory-mb})
 */
public record ServingLimits(
    int maxRows, int maxTextLength, int maxConcurrentRequests, long maxRequestMemoryBytes) {
  public static final int DEFAULT_MAX_ROWS = 1024;
  public static final int DEFAULT_MAX_TEXT_LENGTH = 100_000;
  /** 16 requests of at most 1 GiB each stay within a 24 GiB machine. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
  public static final long DEFAULT_MAX_REQUEST_MEMORY_MB = 1024;

  public ServingLimits {
    if (maxRows < 1 || maxTextLength < 1 || maxConcurrentRequests < 1
        || maxRequestMemoryBytes < 1) {
      throw new IllegalArgumentException("serving limits must be positive");
    }
  }

  public static ServingLimits defaults() {
    return new ServingLimits(DEFAULT_MAX_ROWS, DEFAULT_MAX_TEXT_LENGTH,
        DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_MAX_REQUEST_MEMORY_MB << 20);
  }

  public ServingLimits withMaxRows(int maxRows) {
    return new ServingLimits(maxRows, maxTextLength, maxConcurrentRequests,
        maxRequestMemoryBytes);
  }


  public ServingLimits withMaxConcurrentRequests(int maxConcurrentRequests) {
    return new ServingLimits(maxRows, maxTextLength, maxConcurrentRequests,
        maxRequestMemoryBytes);
  }

  public ServingLimits withMaxRequestMemoryBytes(long maxRequestMemoryBytes) {
    return new ServingLimits(maxRows, maxTextLength, maxConcurrentRequests,
        maxRequestMemoryBytes);
  }

  /**
   * Checks the number of {@code "instances"} of a row-format request, before they are regrouped
   * into tensors.
   *
   * @throws LimitExceededException naming the limit and its flag
   */
  public void checkInstances(int instances) {
    if (instances > maxRows) {
      throw new LimitExceededException("the request has " + instances
          + " instances, over the limit of " + maxRows + " rows per request (--max-request-rows)");
    }
  }

  /**
   * Checks a request's inputs against the row and text limits.
   *
   * @throws LimitExceededException naming the first input over a limit, the limit and its flag
   */
  public void checkInputs(Map<String, TensorValue> inputs) {
    inputs.forEach((name, value) -> {
      long[] shape = value.shape();
      if (shape.length > 0 && shape[0] > maxRows) {
        throw new LimitExceededException("input '" + name + "' has " + shape[0]
            + " rows, over the limit of " + maxRows + " rows per request (--max-request-rows)");
      }
      long row = MemoryEstimate.rowLength(shape);
      if (shape.length > 1 && row > maxTextLength) {
        throw new LimitExceededException("input '" + name + "' has rows of " + row
            + " values, over the limit of " + maxTextLength + " (--max-text-length)");
      }
      if (value.type() == ServingType.STRING) {
        byte[][] texts = (byte[][]) value.elements();
        for (int i = 0; i < texts.length; i++) {
          // UTF-8 never has fewer bytes than characters: decode only what may be over
          if (texts[i].length > maxTextLength) {
            int chars = new String(texts[i], StandardCharsets.UTF_8).length();
            if (chars > maxTextLength) {
              throw new LimitExceededException("input '" + name + "' text " + i + " has " + chars
                  + " characters, over the limit of " + maxTextLength + " (--max-text-length)");
            }
          }
        }
      }
    });
  }

  /**
   * Checks a request's {@link MemoryEstimate} against the memory limit.
   *
   * @throws LimitExceededException naming the estimate, the limit and its flag
   */
  public void checkMemory(long estimateBytes) {
    if (estimateBytes > maxRequestMemoryBytes) {
      throw new LimitExceededException("the request needs an estimated " + size(estimateBytes)
          + " (rows x padded length x widest layer x 4 bytes), over the limit of "
          + size(maxRequestMemoryBytes) + " (--max-request-memory-mb)");
    }
  }

  /** Bytes below 1 MiB, else MiB with one decimal. */
  static String size(long bytes) {
    return bytes < 1L << 20 ? bytes + " bytes"
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
