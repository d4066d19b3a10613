package dev.kiln.framework.bench;

import dev.kiln.framework.Jit;
import dev.kiln.framework.LstmClassifier;
import dev.kiln.framework.Sessions;
import dev.kiln.framework.optim.AdamConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * ms per train step of the Flax SST-2-shaped model: embedding 256 over a 14k vocabulary, dropout
 * 0.5, LSTM 256 unrolled over T=17, Dense 256 → tanh → Dense 1, Adam; batch 64.
 *
 * <p>jit=xla and jit=none run in the same JVM, in alternating blocks of steps, so that load from
 * other processes hits both alike (the build machine is shared: numbers are rough).
 *
 * <pre>
 * TF_ENABLE_ONEDNN_OPTS=1 java -cp ... dev.kiln.framework.bench.LstmStepBenchmark [steps] [intraOp] [vocab] [time] [hidden] [xla|none|both] [exact|lazy|frozen]
 * </pre>
 *
 * Env vars (TF_ENABLE_ONEDNN_OPTS, XLA_FLAGS, TF_XLA_FLAGS) are read when the native library
 * loads: set them on the JVM.
 */
public final class LstmStepBenchmark {
  record Run(Jit jit, Graph graph, LstmClassifier model, Session session, List<Double> ms, double[] cpuMs) {}

  /** CPU time of this process (all threads, user + system) in ms, from /proc/self/stat; -1 if unavailable. */
  static double processCpuMs() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // fields 14, 15; 100 ticks/s
    } catch (Exception e) {
      return -1;
    }
  }

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int intra = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int vocab = args.length > 2 ? Integer.parseInt(args[2]) : 14000;
    int time = args.length > 3 ? Integer.parseInt(args[3]) : 17;
    int hidden = args.length > 4 ? Integer.parseInt(args[4]) : 256;
    Jit[] modes = args.length > 5 && !args[5].equals("both") ? new Jit[] {Jit.parse(args[5])} : new Jit[] {Jit.XLA, Jit.NONE};
    // exact: Adam over the whole table; lazy: lazy_adam's row updates; frozen: the table not trained
    String embeddingUpdate = args.length > 6 ? args[6] : "exact";
    if (!List.of("exact", "lazy", "frozen").contains(embeddingUpdate)) {
      throw new IllegalArgumentException("embedding update: exact, lazy or frozen, not " + embeddingUpdate);
    }
    int batch = 64;
    SplittableRandom r = new SplittableRandom(1);
    int[] tokens = new int[batch * time];
    int[] lengths = new int[batch];
    float[] labels = new float[batch];
    for (int b = 0; b < batch; b++) {
      lengths[b] = Math.max(1, time / 4) + r.nextInt(time - Math.max(1, time / 4) + 1);
      for (int t = 0; t < lengths[b]; t++) {
        tokens[b * time + t] = 1 + r.nextInt(vocab - 1);
      }
      labels[b] = r.nextInt(2);
    }
    List<Run> runs = new ArrayList<>();
    try (TInt32 tok = TInt32.tensorOf(Shape.of(batch, time), DataBuffers.of(tokens, true, false));
        TInt32 len = TInt32.tensorOf(Shape.of(batch), DataBuffers.of(lengths, true, false));
        TFloat32 lab = TFloat32.tensorOf(Shape.of(batch), DataBuffers.of(labels, true, false))) {
      Map<String, Tensor> feeds = Map.of("tokens", tok, "lengths", len, "labels", lab);
      try {
        for (Jit jit : modes) {
          Graph g = new Graph();
          LstmClassifier m = new LstmClassifier(g, 0, jit, vocab, hidden, hidden, time, 0.5,
              AdamConfig.defaults().withLearningRate(5e-4).withLazyRows(embeddingUpdate.equals("lazy")),
              !embeddingUpdate.equals("frozen"));
          Session s = Sessions.create(g, intra, 1);
          runs.add(new Run(jit, g, m, s, new ArrayList<>(), new double[1]));
          m.store.initialize(s);
          long a = System.nanoTime();
          m.trainStep.run(s, feeds).close();
          System.out.printf("jit=%s first step (incl. compile) %.0f ms%n", jit, (System.nanoTime() - a) / 1e6);
          for (int i = 0; i < 3; i++) {
            m.trainStep.run(s, feeds).close();
          }
        }
        float[] lastLoss = new float[runs.size()];
        for (int block = 0; block < steps / 5; block++) {
          for (int k = 0; k < runs.size(); k++) {
            Run run = runs.get(k);
            double cpu0 = processCpuMs();
            for (int i = 0; i < 5; i++) {
              long a = System.nanoTime();
              try (Result res = run.model().trainStep.run(run.session(), feeds)) {
                lastLoss[k] = ((TFloat32) res.get(0)).getFloat();
              }
              run.ms().add((System.nanoTime() - a) / 1e6);
            }
            run.cpuMs()[0] += processCpuMs() - cpu0;
          }
        }
        for (int k = 0; k < runs.size(); k++) {
          double[] ms = runs.get(k).ms().stream().mapToDouble(Double::doubleValue).sorted().toArray();
          System.out.printf("jit=%s onednn=%s intra=%d batch=%d T=%d hidden=%d vocab=%d: median %.1f ms/step, "
                  + "p10 %.1f, p90 %.1f (%d steps); CPU %.1f ms/step (all threads); last loss %.4f%n",
              runs.get(k).jit(), System.getenv("TF_ENABLE_ONEDNN_OPTS"), intra, batch, time, hidden, vocab,
              ms[ms.length / 2], ms[ms.length / 10], ms[ms.length * 9 / 10], ms.length,
              runs.get(k).cpuMs()[0] / ms.length, lastLoss[k]);
        }
      } finally {
        for (Run run : runs) {
          run.session().close();
          run.model().trainStep.close();
          run.graph().close();
        }
      }
    }
  }
}
