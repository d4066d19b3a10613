package dev.kiln.launch.serve;

import dev.kiln.framework.Sessions;
import org.tensorflow.proto.ConfigProto;

/**
 * The thread pools of a model's TensorFlow session, as TensorFlow Serving's {@code
 * --tensorflow_intra_op_parallelism} and {@code --tensorflow_inter_op_parallelism} set them.
 *
 * @param intraOp threads one op (a matrix multiply) may split its work over; 0 lets TensorFlow
 *     choose (one per core). TensorFlow keeps one such pool per process, sized by the first
 *     session.
 * @param interOp threads running independent ops of one session run; 0 lets TensorFlow choose,
 *     a negative value runs every op on the thread that called the session
 */
public record SessionThreads(int intraOp, int interOp) {
  /** TensorFlow's own choice for both pools. */
  public static final SessionThreads TENSORFLOW_DEFAULTS = new SessionThreads(0, 0);

  public SessionThreads {
    if (intraOp < 0) {
      throw new IllegalArgumentException("intra-op parallelism must not be negative");
    }
  }

  /**
   * The session configuration these pools ask for, with the rest of every Kiln session's
   * configuration ({@link Sessions#config}).
   */
  public ConfigProto configProto() {
    return Sessions.config(intraOp, interOp).build();
  }
}
