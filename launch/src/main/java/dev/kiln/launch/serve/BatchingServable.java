package dev.kiln.launch.serve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * A {@link Servable} that merges concurrent predictions into fewer runs of the one it wraps
 * (server-side batching, {@link BatchingParameters}): a request whose inputs all have the same
 * number of rows, at most {@code maxBatchSize}, waits in a {@link BatchScheduler} with others of
 * the same signature and input shapes; the batch runs as one {@link Servable#predict} on the
 * inputs concatenated along the first dimension, and each request gets its own rows of the
 * outputs. Anything else (a scalar input, more rows than a batch) runs alone, as without batching.
 *
 * <p>If a merged run fails on its inputs' values ({@link InvalidInputException}), or its outputs
 * cannot be split by row, each request of the batch runs again on its own, so one bad request
 * fails only itself. The wrapped servable is closed after the scheduler, which runs what is still
 * queued.
 */
final class BatchingServable implements Servable {
  private final Servable model;
  private final BatchingParameters parameters;
  private final BatchScheduler scheduler;

  BatchingServable(String name, Servable model, BatchingParameters parameters,
      BatchMetrics metrics) {
    this.model = model;
    this.parameters = parameters;
    this.scheduler = new BatchScheduler(name, parameters, this::runBatch, metrics);
  }

  @Override
  public Map<String, SignatureSpec> signatures() {
    return model.signatures();
  }

  @Override
  public long widestLayer() {
    return model.widestLayer();
  }

  @Override
  public long estimateBytes(String signatureKey, Map<String, TensorValue> inputs) {
    return model.estimateBytes(signatureKey, inputs);
  }

  /**
   * @throws HttpError 503 if the batch queue for these inputs is full
   */
  @Override
  public Map<String, TensorValue> predict(String signatureKey, Map<String, TensorValue> inputs) {
    signature(signatureKey).checkInputs(inputs); // a bad request never joins a batch
    Optional<Object> key = BatchInputs.key(signatureKey, inputs);
    if (key.isEmpty() || BatchInputs.rows(inputs) > parameters.maxBatchSize()) {
      return model.predict(signatureKey, inputs);
    }
    BatchTask task = new BatchTask(signatureKey, inputs, BatchInputs.rows(inputs));
    scheduler.schedule(key.get(), task);
    try {
      return task.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "interrupted while waiting for the batch to run");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException("batch failed: " + e.getCause(), e.getCause());
    }
  }

  private void runBatch(List<BatchTask> tasks) {
    if (tasks.size() > 1) {
      Optional<List<Map<String, TensorValue>>> outputs;
      try {
        outputs = BatchInputs.split(
            model.predict(tasks.get(0).signatureKey(), BatchInputs.merge(tasks)), tasks);
      } catch (InvalidInputException e) {
        outputs = Optional.empty();
      }
      if (outputs.isPresent()) {
        for (int i = 0; i < tasks.size(); i++) {
          tasks.get(i).result().complete(outputs.get().get(i));
        }
        return;
      }
    }
    for (BatchTask task : tasks) {
      try {
        task.result().complete(model.predict(task.signatureKey(), task.inputs()));
      } catch (RuntimeException e) {
        task.result().completeExceptionally(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      scheduler.close();
    } finally {
      model.close();
    }
  }
}
