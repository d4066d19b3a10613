package dev.kiln.launch.serve;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request waiting in a {@link BatchScheduler}: its signature, inputs (all with {@code rows}
 * as their first dimension) and the outputs it will get.
 */
record BatchTask(
    String signatureKey, Map<String, TensorValue> inputs, int rows,
    CompletableFuture<Map<String, TensorValue>> result) {

  BatchTask(String signatureKey, Map<String, TensorValue> inputs, int rows) {
    this(signatureKey, inputs, rows, new CompletableFuture<>());
  }
}
