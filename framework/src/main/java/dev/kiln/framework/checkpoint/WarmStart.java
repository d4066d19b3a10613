package dev.kiln.framework.checkpoint;

import dev.kiln.framework.Sessions;
import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;

/**
 * Starts chosen variables from another run's checkpoint, matched by name: a warm start, such as
 * a pre-trained encoder under a freshly initialised classifier head (what Keras's {@code
 * load_weights(by_name=True)} and {@code tf.train.init_from_checkpoint} do).
 *
 * <p>Every value is read first ({@code RestoreV2} in a scratch graph) and its shape checked
 * against its variable's; only when all match are they assigned, in one run. So a mismatch leaves
 * the variables as they were and names the variable at fault.
 */
public final class WarmStart {
  private WarmStart() {}

  /**
   * Assigns each of {@code variables} (of {@code store}, whose session is {@code session}) the
   * value saved under its name in the checkpoint at {@code prefix}.
   *
   * @throws ConfigException if there is no checkpoint at {@code prefix}, it lacks a variable, or
   *     a saved value's dtype or shape differs from its variable's
   */
  public static void load(Session session, ParameterStore store, List<Variable<?>> variables,
      Path prefix) {
    if (!Files.exists(Path.of(prefix.toAbsolutePath() + ".index"))) {
      throw new ConfigException("no checkpoint at " + prefix + " (missing " + prefix + ".index)");
    }
    Map<Variable<?>, Tensor> values = new LinkedHashMap<>();
    List<Result> reads = new ArrayList<>();
    try {
      for (Variable<?> variable : variables) {
        Result read = read(prefix, variable);
        reads.add(read);
        Tensor value = read.get(0);
        values.put(variable, value);
        if (!value.shape().equals(variable.shape())) {
          throw new ConfigException("variable " + variable.name() + " is " + value.shape()
              + " in checkpoint " + prefix + " but " + variable.shape() + " in this model");
        }
      }
      store.assign(session, values);
    } finally {
      reads.forEach(Result::close);
    }
  }

  /** The value of {@code variable}'s name in the checkpoint, as {@code variable}'s dtype. */
  private static Result read(Path prefix, Variable<?> variable) {
    try (Graph graph = new Graph(); Session session = Sessions.create(graph, 1, 1)) {
      Ops tf = Ops.create(graph);
      Restore restore = tf.train.restore(tf.constant(prefix.toAbsolutePath().toString()),
          tf.constant(NdArrays.vectorOfObjects(variable.name())),
          tf.constant(NdArrays.vectorOfObjects("")), List.of(variable.dtype()));
      return session.runner().fetch(restore.tensors().get(0)).run();
    } catch (TensorFlowException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst()
          .orElse("").strip();
      throw new ConfigException("cannot read variable " + variable.name() + " ("
          + variable.dtype().getSimpleName() + variable.shape() + ") from checkpoint " + prefix
          + ": " + message);
    }
  }
}
