package dev.kiln.framework.step;

import dev.kiln.framework.Jit;
import dev.kiln.framework.LstmClassifier;
import dev.kiln.framework.ToyData;
import dev.kiln.framework.optim.AdamConfig;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Run in a child JVM by {@link LegacyRuntimeLstmTest} under XLA's legacy CPU runtime: two train
 * steps of a 48-step LSTM with jit=none, then with jit=xla. Prints {@code NONE loss=...} and
 * {@code XLA loss=...} lines and {@code legacy=true|false} (what {@link XlaCpuRuntime} read).
 */
public final class LegacyRuntimeProbe {
  static final int TIME = 48;

  public static void main(String[] args) {
    System.out.println("legacy=" + XlaCpuRuntime.legacy());
    for (Jit jit : new Jit[] {Jit.NONE, Jit.XLA}) {
      try (Graph g = new Graph(); ToyData data = new ToyData(7, 64, TIME, 12)) {
        LstmClassifier m = new LstmClassifier(g, 42, jit, 12, 64, 256, TIME, 0.1, AdamConfig.defaults());
        try (Session s = new Session(g); m.trainStep) {
          m.store.initialize(s);
          for (int i = 0; i < 2; i++) {
            try (Result r = m.trainStep.run(s, data.feeds())) {
              System.out.println(jit + " loss=" + ((TFloat32) r.get(0)).getFloat());
            }
          }
        }
      }
    }
    System.out.flush();
  }
}
