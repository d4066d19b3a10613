package dev.kiln.launch.serve;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tensorflow.serving.SessionBundleConfigProtos;

/**
 * TensorFlow Serving's {@code --batching_parameters_file}: a text-format {@code
 * tensorflow.serving.BatchingParameters}, such as
 *
 * <pre>
 * max_batch_size { value: 32 }
 * batch_timeout_micros { value: 1000 }
 * num_batch_threads { value: 2 }
 * max_enqueued_batches { value: 10 }
 * </pre>
 *
 * read into {@link BatchingParameters}, each unset field keeping its default. Fields kiln serve
 * cannot honour ({@code allowed_batch_sizes}, {@code max_execution_batch_size}, {@code
 * pad_variable_length_inputs: true}) are refused rather than ignored.
 */
public final class BatchingParametersFile {
  private BatchingParametersFile() {}

  /**
   * @throws IllegalArgumentException with one line naming {@code file} (and the line and column
   *     of a syntax error, or the field) if it cannot be read, does not parse, asks for what kiln
   *     serve does not do, or holds a value out of range
   */
  public static BatchingParameters read(Path file, BatchingParameters defaults) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
    }
    SessionBundleConfigProtos.BatchingParameters.Builder proto =
        SessionBundleConfigProtos.BatchingParameters.newBuilder();
    try {
      TextFormat.getParser().merge(text, proto);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(file + ":" + e.getLine() + ":" + e.getColumn()
          + ": not a tensorflow.serving.BatchingParameters text proto: " + reason(e));
    }
    refuseUnsupported(file, proto);
    int maxBatchSize = proto.hasMaxBatchSize()
        ? positiveInt(file, "max_batch_size", proto.getMaxBatchSize().getValue())
        : defaults.maxBatchSize();
    long timeout = defaults.batchTimeoutMicros();
    if (proto.hasBatchTimeoutMicros()) {
      timeout = proto.getBatchTimeoutMicros().getValue();
      if (timeout < 0) {
        throw new IllegalArgumentException(file + ": batch_timeout_micros must not be negative,"
            + " got " + timeout);
      }
    }
    int threads = proto.hasNumBatchThreads()
        ? positiveInt(file, "num_batch_threads", proto.getNumBatchThreads().getValue())
        : defaults.numBatchThreads();
    int enqueued = proto.hasMaxEnqueuedBatches()
        ? positiveInt(file, "max_enqueued_batches", proto.getMaxEnqueuedBatches().getValue())
        : defaults.maxEnqueuedBatches();
    return new BatchingParameters(maxBatchSize, timeout, threads, enqueued);
  }

  /** The parser's reason on one line: "unknown field 'x'" for protobuf's multi-line report. */
  private static String reason(TextFormat.ParseException e) {
    String message = e.getMessage().replaceFirst("^\\d+:\\d+: ", "");
    if (message.startsWith("Input contains unknown fields")) {
      return "unknown field '" + message.replaceFirst("(?s).*BatchingParameters\\.", "").strip()
          + "'";
    }
    return message.replaceAll("\\s+", " ");
  }

  private static void refuseUnsupported(Path file,
      SessionBundleConfigProtos.BatchingParametersOrBuilder proto) {
    if (proto.getAllowedBatchSizesCount() > 0) {
      throw new IllegalArgumentException(file + ": allowed_batch_sizes is not supported by kiln"
          + " serve (each merged run has the rows its requests hold)");
    }
    if (proto.hasMaxExecutionBatchSize()) {
      throw new IllegalArgumentException(file + ": max_execution_batch_size is not supported by"
          + " kiln serve (a request larger than max_batch_size runs alone, unsplit)");
    }
    if (proto.getPadVariableLengthInputs()) {
      throw new IllegalArgumentException(file + ": pad_variable_length_inputs is not supported by"
          + " kiln serve (requests whose inputs differ past the batch dimension wait in separate"
          + " queues)");
    }
  }

  private static int positiveInt(Path file, String field, long value) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(file + ": " + field + " must be in 1.."
          + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }
}
