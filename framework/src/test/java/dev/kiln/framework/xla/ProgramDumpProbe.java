package dev.kiln.framework.xla;

import com.google.gson.JsonObject;
import dev.kiln.framework.Jit;
import dev.kiln.framework.LstmClassifier;
import dev.kiln.framework.ToyData;
import dev.kiln.framework.optim.AdamConfig;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.variables.Initializers;
import dev.kiln.framework.variables.ParameterStore;
import dev.kiln.framework.variables.Variable;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Run in a child JVM by {@link ProgramSignatureDumpTest} with XLA_FLAGS dumping to {@code
 * args[0]}: compiles two small steps with jit=xla, then writes them as a program directory into
 * {@code args[1]} with {@link ProgramManifest}.
 *
 * <ul>
 *   <li>{@code probe_step}: inputs {@code x} f32[3] and {@code shape} s32[1] (a Reshape's shape,
 *       so a compile-time constant), variables {@code unused} (handle taken, never read), {@code
 *       w} (read and assigned) and {@code b} (read only); output {@code sum}.
 *   <li>{@code train_step}: the toy LSTM's train step with Adam: every variable updated.
 * </ul>
 */
public final class ProgramDumpProbe {
  public static void main(String[] args) throws Exception {
    XlaDump dump = new XlaDump(Path.of(args[0]));
    Path out = Path.of(args[1]);
    ProgramManifest manifest = new ProgramManifest(new JsonObject());
    try (Graph g = new Graph()) {
      ParameterStore store = new ParameterStore(g, 1);
      Variable<TFloat32> unused = store.variable("unused", TFloat32.class, Shape.of(2),
          Initializers.constant(1.0));
      Variable<TFloat32> w = store.variable("w", TFloat32.class, Shape.of(3),
          Initializers.constant(1.0));
      Variable<TFloat32> b = store.variable("b", TFloat32.class, Shape.of(),
          Initializers.constant(0.5));
      try (CompiledStep step = CompiledStep.build(g, "probe_step", Jit.XLA, ctx -> {
        Ops tf = ctx.tf();
        var x = ctx.input("x", TFloat32.class, Shape.of(3));
        var shape = ctx.input("shape", TInt32.class, Shape.of(1));
        ctx.handle(unused);
        var wv = ctx.read(w);
        var y = tf.reshape(tf.math.add(tf.math.mul(wv, x), ctx.read(b)), shape);
        ctx.assign(w, tf.math.add(wv, tf.constant(1f)));
        ctx.output("sum", tf.reduceSum(y, tf.constant(0)));
      }); Session s = new Session(g)) {
        store.initialize(s);
        try (TFloat32 x = TFloat32.vectorOf(1, 2, 3); TInt32 n = TInt32.vectorOf(3);
            Result r = step.run(s, Map.of("x", x, "shape", n))) {
          System.out.println("probe sum=" + ((TFloat32) r.get(0)).getFloat());
        }
        manifest.add(out, dump, new ProgramManifest.Program("train", 3, step));
      }
    }
    try (Graph g = new Graph(); ToyData data = new ToyData(7, 16, 6, 12)) {
      LstmClassifier m = new LstmClassifier(g, 42, Jit.XLA, 12, 8, 16, 6, 0.1,
          AdamConfig.defaults());
      try (Session s = new Session(g); m.trainStep) {
        m.store.initialize(s);
        try (Result r = m.trainStep.run(s, data.feeds())) {
          System.out.println("lstm loss=" + ((TFloat32) r.get(0)).getFloat());
        }
        manifest.add(out, dump, new ProgramManifest.Program("train", 6, m.trainStep));
      }
    }
    manifest.write(out);
  }
}
