package dev.kiln.framework.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.ConfigException;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class WarmStartTest {
  @TempDir Path temp;

  /** A graph with {@code encoder/w} [rows, 3], {@code head/k} [3] and a session, from {@code seed}. */
  static final class Model implements AutoCloseable {
    final Graph graph = new Graph();
    final ParameterStore store;
    final Variable<TFloat32> w;
    final Variable<TFloat32> k;
    final Session session;

    Model(long seed, int rows) {
      store = new ParameterStore(graph, seed);
      w = store.scope("encoder").variable("w", TFloat32.class, Shape.of(rows, 3),
          Initializers.normal(1));
      k = store.scope("head").variable("k", TFloat32.class, Shape.of(3), Initializers.normal(1));
      session = new Session(graph);
      store.initialize(session);
    }

    float[] value(Variable<TFloat32> v) {
      try (Result r = session.runner()
          .fetch(Ops.create(graph).readVariableOp(v.handle(), TFloat32.class)).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] a = new float[(int) t.size()];
        t.asRawTensor().data().asFloats().read(a);
        return a;
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  @Test
  void loadsTheChosenVariablesByNameAndLeavesTheOthers() {
    Path prefix = temp.resolve("ckpt");
    float[] saved;
    try (Model pretrained = new Model(1, 2)) {
      new CheckpointIO(pretrained.store).save(pretrained.session, prefix);
      saved = pretrained.value(pretrained.w);
    }
    try (Model fresh = new Model(2, 2)) {
      float[] initialW = fresh.value(fresh.w);
      float[] initialK = fresh.value(fresh.k);
      assertFalse(Arrays.equals(saved, initialW));
      WarmStart.load(fresh.session, fresh.store, List.of(fresh.w), prefix);
      assertArrayEquals(saved, fresh.value(fresh.w));
      assertArrayEquals(initialK, fresh.value(fresh.k), "not asked for: untouched");
    }
  }

  @Test
  void aShapeMismatchNamesTheVariableAndChangesNothing() {
    Path prefix = temp.resolve("ckpt");
    try (Model pretrained = new Model(1, 2)) {
      new CheckpointIO(pretrained.store).save(pretrained.session, prefix);
    }
    try (Model wider = new Model(2, 4)) {
      float[] initialW = wider.value(wider.w);
      ConfigException e = assertThrows(ConfigException.class,
          () -> WarmStart.load(wider.session, wider.store, List.of(wider.k, wider.w), prefix));
      assertEquals("variable encoder/w is [2, 3] in checkpoint " + prefix + " but [4, 3] in this"
          + " model", e.getMessage());
      assertArrayEquals(initialW, wider.value(wider.w));
    }
  }

  @Test
  void aMissingVariableOrCheckpointIsAOneLineError() {
    Path prefix = temp.resolve("ckpt");
    try (Model pretrained = new Model(1, 2)) {
      new CheckpointIO(pretrained.store, List.of(pretrained.k), "head_only")
          .save(pretrained.session, prefix);
      ConfigException missing = assertThrows(ConfigException.class, () ->
          WarmStart.load(pretrained.session, pretrained.store, List.of(pretrained.w), prefix));
      assertTrue(missing.getMessage().startsWith("cannot read variable encoder/w (TFloat32[2, 3])"
          + " from checkpoint " + prefix + ": "), missing.getMessage());
      assertFalse(missing.getMessage().contains("\n"), missing.getMessage());
      ConfigException none = assertThrows(ConfigException.class, () -> WarmStart.load(
          pretrained.session, pretrained.store, List.of(pretrained.w), temp.resolve("nothing")));
      assertTrue(none.getMessage().startsWith("no checkpoint at "), none.getMessage());
    }
  }
}
