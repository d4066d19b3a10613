package dev.kiln.launch.serve;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merging requests' tensors along the batch (first) dimension, and splitting a merged run's
 * outputs back, row for row.
 */
final class BatchInputs {
  private BatchInputs() {}

  /**
   * What requests must share to be merged: the signature, and each input's type and shape past
   * the first dimension (so merged inputs need no padding). Empty if the inputs cannot be
   * batched: a scalar input, or inputs that disagree on the number of rows.
   */
  static Optional<Object> key(String signatureKey, Map<String, TensorValue> inputs) {
    Map<String, String> shapes = new TreeMap<>();
    long rows = -1;
    for (Map.Entry<String, TensorValue> input : inputs.entrySet()) {
      long[] shape = input.getValue().shape();
      if (shape.length == 0 || (rows >= 0 && shape[0] != rows)) {
        return Optional.empty();
      }
      rows = shape[0];
      shapes.put(input.getKey(), input.getValue().type() + Arrays.toString(
          Arrays.copyOfRange(shape, 1, shape.length)));
    }
    return rows < 1 ? Optional.empty() : Optional.of(List.of(signatureKey, shapes));
  }

  /** The rows of batchable inputs ({@link #key} present): their common first dimension. */
  static int rows(Map<String, TensorValue> inputs) {
    return Math.toIntExact(inputs.values().iterator().next().shape()[0]);
  }

  /** The tasks' inputs concatenated along the first dimension, input by input. */
  static Map<String, TensorValue> merge(List<BatchTask> tasks) {
    Map<String, TensorValue> merged = new LinkedHashMap<>();
    int totalRows = tasks.stream().mapToInt(BatchTask::rows).sum();
    for (Map.Entry<String, TensorValue> input : tasks.get(0).inputs().entrySet()) {
      List<TensorValue> parts = new ArrayList<>();
      tasks.forEach(task -> parts.add(task.inputs().get(input.getKey())));
      merged.put(input.getKey(), concat(parts, totalRows));
    }
    return merged;
  }

  private static TensorValue concat(List<TensorValue> parts, int totalRows) {
    TensorValue first = parts.get(0);
    int size = parts.stream().mapToInt(TensorValue::size).sum();
    Object elements = Array.newInstance(first.elements().getClass().getComponentType(), size);
    int offset = 0;
    for (TensorValue part : parts) {
      System.arraycopy(part.elements(), 0, elements, offset, part.size());
      offset += part.size();
    }
    long[] shape = first.shape();
    shape[0] = totalRows;
    return new TensorValue(first.type(), shape, elements);
  }

  /**
   * A merged run's outputs cut into each task's rows, in order; empty if an output does not have
   * the merged rows as its first dimension (it cannot be split by row).
   */
  static Optional<List<Map<String, TensorValue>>> split(
      Map<String, TensorValue> outputs, List<BatchTask> tasks) {
    int totalRows = tasks.stream().mapToInt(BatchTask::rows).sum();
    for (TensorValue output : outputs.values()) {
      if (output.shape().length == 0 || output.shape()[0] != totalRows) {
        return Optional.empty();
      }
    }
    List<Map<String, TensorValue>> split = new ArrayList<>();
    int row = 0;
    for (BatchTask task : tasks) {
      Map<String, TensorValue> taskOutputs = new LinkedHashMap<>();
      for (Map.Entry<String, TensorValue> output : outputs.entrySet()) {
        taskOutputs.put(output.getKey(), slice(output.getValue(), row, task.rows(), totalRows));
      }
      split.add(taskOutputs);
      row += task.rows();
    }
    return Optional.of(split);
  }

  /** Rows {@code [start, start + rows)} of {@code value}, which has {@code totalRows} rows. */
  private static TensorValue slice(TensorValue value, int start, int rows, int totalRows) {
    int perRow = value.size() / totalRows;
    Object elements =
        Array.newInstance(value.elements().getClass().getComponentType(), rows * perRow);
    System.arraycopy(value.elements(), start * perRow, elements, 0, rows * perRow);
    long[] shape = value.shape();
    shape[0] = rows;
    return new TensorValue(value.type(), shape, elements);
  }
}
