package dev.kiln.framework.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.optim.CrossReplicaSum;
import dev.kiln.framework.step.StepContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.Test;

class DataParallelShardTest {
  private static CrossReplicaSum workers(int n) {
    return new CrossReplicaSum() {
      @Override
      public Operand<TFloat32> sum(StepContext ctx, Operand<TFloat32> local) {
        return local;
      }

      @Override
      public Operand<TFloat32> gather(StepContext ctx, Operand<TFloat32> local) {
        return local;
      }

      @Override
      public int workers() {
        return n;
      }
    };
  }

  @Test
  void eachWorkerTakesItsEqualShareOfEveryBatch() {
    DataParallelShard third = new DataParallelShard(workers(3), 2);
    assertEquals(4, third.rows(12));
    assertEquals(8, third.firstRow(12));
  }

  @Test
  void aBatchSizeTheWorkersCannotShareIsAOneLineError() {
    assertEquals("config field batch_size: 64 is not divisible by the 3 workers (each takes an"
        + " equal share of every batch)", assertThrows(ConfigException.class,
            () -> new DataParallelShard(workers(3), 0).rows(64)).getMessage());
  }
}
