package dev.kiln.launch.export;

import dev.kiln.framework.variables.ParameterStore;
import java.util.Map;
import org.tensorflow.op.Op;
import org.tensorflow.proto.SignatureDef;

/**
 * A model's serving graph as {@link CheckpointExport} writes it: its variables (named as in
 * training checkpoints), the op that fills its tables after loading, and its Predict signatures.
 */
interface ServingModel {
  /** The model's variables, named as in training checkpoints. */
  ParameterStore store();

  /** The SavedModel's init op, run once after loading (a no-op when there is nothing to fill). */
  Op initOp();

  /** The Predict signatures, by name. */
  Map<String, SignatureDef> signatures();
}
