package dev.kiln.framework.distribute;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import dev.kiln.framework.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Refuses to train unless every worker started the same run: each worker's description of
 * itself (config fields, data fingerprints, the checkpoint it resumes from, a hash of its initial
 * parameters) is exchanged through two all-reduces, and any difference from worker 0 stops every
 * worker with the same one-line message naming the worker and the items that differ.
 *
 * <p>The exchange uses only sums: worker r writes its length at position r of a vector of zeros,
 * then its UTF-8 bytes at slot r of a vector of {@code workers × longest} zeros; the sums hold
 * everyone's.
 */
public final class StartupCheck {
  private static final int LENGTHS_KEY = 1;
  private static final int BYTES_KEY = 2;

  private StartupCheck() {}

  /**
   * @param description this worker's items, e.g. {@code "config field learning_rate" -> "0.01"}
   * @throws ConfigException if any worker's items differ from worker 0's
   */
  public static void requireSame(DataParallel workers, Graph graph, Session session,
      Map<String, String> description) {
    List<Map<String, String>> all = exchange(workers, graph, session,
        new Gson().toJson(new TreeMap<>(description)));
    String message = differences(workers.cluster(), all);
    if (message != null) {
      throw new ConfigException(message);
    }
  }

  /** Null when every worker's items equal worker 0's, else the message naming the first that does not. */
  static String differences(ClusterSpec cluster, List<Map<String, String>> all) {
    Map<String, String> chief = all.get(0);
    for (int task = 1; task < all.size(); task++) {
      Map<String, String> other = all.get(task);
      List<String> items = new ArrayList<>();
      TreeMap<String, String> keys = new TreeMap<>(chief);
      other.forEach(keys::putIfAbsent);
      for (String key : keys.keySet()) {
        String mine = other.getOrDefault(key, "(none)");
        String theirs = chief.getOrDefault(key, "(none)");
        if (!mine.equals(theirs)) {
          items.add(key + " " + mine + " (worker 0: " + theirs + ")");
        }
      }
      if (!items.isEmpty()) {
        return cluster.describe(task) + " was not started like worker 0: " + String.join("; ",
            items);
      }
    }
    return null;
  }

  private static List<Map<String, String>> exchange(DataParallel workers, Graph graph,
      Session session, String mine) {
    int n = workers.workers();
    int rank = workers.cluster().rank();
    byte[] bytes = mine.getBytes(StandardCharsets.UTF_8);
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> lengthsIn = tf.placeholder(TFloat32.class);
    Placeholder<TFloat32> bytesIn = tf.placeholder(TFloat32.class);
    Operand<TFloat32> lengthsSum = workers.sum(graph, lengthsIn, LENGTHS_KEY);
    Operand<TFloat32> bytesSum = workers.sum(graph, bytesIn, BYTES_KEY);

    float[] lengths = new float[n];
    lengths[rank] = bytes.length;
    float[] summedLengths = run(session, lengthsIn, lengths, lengthsSum);
    int longest = 0;
    for (float length : summedLengths) {
      longest = Math.max(longest, Math.round(length));
    }
    float[] slots = new float[n * longest];
    for (int i = 0; i < bytes.length; i++) {
      slots[rank * longest + i] = bytes[i] & 0xff;
    }
    float[] summed = run(session, bytesIn, slots, bytesSum);
    List<Map<String, String>> all = new ArrayList<>();
    for (int task = 0; task < n; task++) {
      byte[] theirs = new byte[Math.round(summedLengths[task])];
      for (int i = 0; i < theirs.length; i++) {
        theirs[i] = (byte) Math.round(summed[task * longest + i]);
      }
      Map<String, String> items = new Gson().fromJson(new String(theirs, StandardCharsets.UTF_8),
          new TypeToken<LinkedHashMap<String, String>>() {}.getType());
      all.add(items);
    }
    return all;
  }

  private static float[] run(Session session, Placeholder<TFloat32> input, float[] values,
      Operand<TFloat32> output) {
    try (TFloat32 fed = TFloat32.tensorOf(Shape.of(values.length),
            DataBuffers.of(values, true, false));
        Result result = session.runner().feed(input, fed).fetch(output).run()) {
      TFloat32 out = (TFloat32) result.get(0);
      float[] read = new float[(int) out.size()];
      out.asRawTensor().data().asFloats().read(read);
      return read;
    }
  }
}
