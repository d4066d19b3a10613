package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TF Serving's text-format batching parameters file. */
class BatchingParametersFileTest {
  private static final BatchingParameters DEFAULTS = new BatchingParameters(32, 0, 2, 10);

  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("batching_parameters.txt"), text);
  }

  private String error(String text) throws IOException {
    Path file = file(text);
    return assertThrows(IllegalArgumentException.class,
        () -> BatchingParametersFile.read(file, DEFAULTS)).getMessage();
  }

  @Test
  void readsTheFileTfServingUsersWrite() throws IOException {
    Path file = file("""
        # as in TF Serving's batching guide
        max_batch_size { value: 128 }
        batch_timeout_micros { value: 1500 }
        max_enqueued_batches { value: 100 }
        num_batch_threads { value: 4 }
        thread_pool_name { value: "batch_threads" }
        enable_large_batch_splitting { value: true }
        pad_variable_length_inputs: false
        """);
    assertEquals(new BatchingParameters(128, 1500, 4, 100),
        BatchingParametersFile.read(file, DEFAULTS));
  }

  @Test
  void unsetFieldsKeepTheirDefaults() throws IOException {
    assertEquals(new BatchingParameters(8, 0, 2, 10),
        BatchingParametersFile.read(file("max_batch_size { value: 8 }\n"), DEFAULTS));
    assertEquals(DEFAULTS, BatchingParametersFile.read(file(""), DEFAULTS));
  }

  @Test
  void aSyntaxErrorNamesTheFileLineAndColumn() throws IOException {
    Path file = dir.resolve("batching_parameters.txt");
    assertEquals(file + ":2:1: not a tensorflow.serving.BatchingParameters text proto:"
        + " unknown field 'max_batch'",
        error("max_batch_size { value: 8 }\nmax_batch { value: 8 }\n"));
    assertEquals(file + ":1:26: not a tensorflow.serving.BatchingParameters text proto:"
        + " Expected \"}\".", error("max_batch_size { value: 8"));
  }

  @Test
  void whatKilnServeCannotDoIsRefusedWithTheFieldsName() throws IOException {
    Path file = dir.resolve("batching_parameters.txt");
    assertEquals(file + ": allowed_batch_sizes is not supported by kiln serve (each merged run"
        + " has the rows its requests hold)", error("allowed_batch_sizes: 8\n"));
    assertEquals(file + ": max_execution_batch_size is not supported by kiln serve (a request"
        + " larger than max_batch_size runs alone, unsplit)",
        error("max_execution_batch_size { value: 8 }"));
    assertEquals(file + ": pad_variable_length_inputs is not supported by kiln serve (requests"
        + " whose inputs differ past the batch dimension wait in separate queues)",
        error("pad_variable_length_inputs: true"));
  }

  @Test
  void valuesOutOfRangeAreRefused() throws IOException {
    Path file = dir.resolve("batching_parameters.txt");
    assertEquals(file + ": num_batch_threads must be in 1..2147483647, got 0",
        error("num_batch_threads { value: 0 }"));
    assertEquals(file + ": max_batch_size must be in 1..2147483647, got 4294967296",
        error("max_batch_size { value: 4294967296 }"));
    assertEquals(file + ": batch_timeout_micros must not be negative, got -1",
        error("batch_timeout_micros { value: -1 }"));
  }

  @Test
  void aMissingFileIsOneLine() {
    Path missing = dir.resolve("missing.txt");
    String message = assertThrows(IllegalArgumentException.class,
        () -> BatchingParametersFile.read(missing, DEFAULTS)).getMessage();
    assertEquals(missing + ": cannot read (" + missing + ")", message);
  }
}
