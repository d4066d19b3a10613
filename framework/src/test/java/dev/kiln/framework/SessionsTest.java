package dev.kiln.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class SessionsTest {
  @Test
  void configKeepsThreadsAndTurnsGrapplersMemoryOptimizerOff() {
    ConfigProto config = Sessions.config(2, 1).build();

    assertEquals(2, config.getIntraOpParallelismThreads());
    assertEquals(1, config.getInterOpParallelismThreads());
    // Its scheduling pass fires or not with the host's free RAM and breaks XLA compilation when
    // it fires (Sessions.config's comment).
    assertEquals(RewriterConfig.MemOptType.NO_MEM_OPT,
        config.getGraphOptions().getRewriteOptions().getMemoryOptimization());
    // Every other rewrite keeps TensorFlow's default.
    assertEquals(RewriterConfig.Toggle.DEFAULT,
        config.getGraphOptions().getRewriteOptions().getArithmeticOptimization());
    assertEquals(false, config.getGraphOptions().getRewriteOptions().getDisableMetaOptimizer());
  }
}
