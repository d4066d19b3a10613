package dev.kiln.framework.distribute;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.kiln.framework.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers of a multi-worker run and which one this process is, as {@code TF_CONFIG} or
 * {@code --cluster host:port,... --task-index i} give them. Tasks are ranked as tf.distribute
 * ranks them: the {@code chief} (if any) first, then the {@code worker}s in order; rank 0 is the
 * chief, which alone evaluates and writes the workdir.
 *
 * @param addresses every task's {@code host:port}, by rank
 * @param rank this process's place in {@code addresses}
 */
public record ClusterSpec(List<String> addresses, int rank) {

  public ClusterSpec {
    addresses = List.copyOf(addresses);
    if (rank < 0 || rank >= addresses.size()) {
      throw new ConfigException("task index " + rank + " is not among the " + addresses.size()
          + " workers");
    }
  }

  /** {@code --cluster a:1,b:2 --task-index i}; a malformed address is a one-line error. */
  public static ClusterSpec fromFlags(String cluster, int taskIndex) {
    List<String> addresses = new ArrayList<>();
    for (String part : cluster.split(",", -1)) {
      addresses.add(checkedAddress(part.trim(), "--cluster"));
    }
    if (taskIndex < 0 || taskIndex >= addresses.size()) {
      throw new ConfigException("--task-index " + taskIndex + " is not among the "
          + addresses.size() + " workers of --cluster (0.." + (addresses.size() - 1) + ")");
    }
    return new ClusterSpec(addresses, taskIndex);
  }

  /**
   * The {@code TF_CONFIG} JSON: {@code {"cluster": {"chief": [..], "worker": [..]}, "task":
   * {"type": "worker", "index": i}}}; any other job ({@code ps}, {@code evaluator}) is refused.
   */
  public static ClusterSpec fromTfConfig(String json) {
    JsonObject root;
    try {
      JsonElement parsed = JsonParser.parseString(json);
      if (!parsed.isJsonObject()) {
        throw new ConfigException("TF_CONFIG is not a JSON object");
      }
      root = parsed.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new ConfigException("TF_CONFIG is not valid JSON: " + firstLine(e.getMessage()));
    }
    JsonObject cluster = object(root, "cluster");
    JsonObject task = object(root, "task");
    for (String job : cluster.keySet()) {
      if (!job.equals("chief") && !job.equals("worker")) {
        throw new ConfigException("TF_CONFIG cluster job '" + job + "' is not supported (Kiln"
            + " trains synchronously with chief and worker tasks only)");
      }
    }
    List<String> chief = addresses(cluster, "chief");
    List<String> workers = addresses(cluster, "worker");
    if (chief.size() > 1) {
      throw new ConfigException("TF_CONFIG cluster.chief has " + chief.size()
          + " addresses; at most one");
    }
    if (chief.size() + workers.size() == 0) {
      throw new ConfigException("TF_CONFIG cluster names no chief and no worker");
    }
    String type = string(task, "type", "task.type");
    int index = integer(task, "index");
    List<String> all = new ArrayList<>(chief);
    all.addAll(workers);
    int rank = switch (type) {
      case "chief" -> index == 0 && !chief.isEmpty() ? 0 : -1;
      case "worker" -> index >= 0 && index < workers.size() ? chief.size() + index : -1;
      default -> throw new ConfigException("TF_CONFIG task.type '" + type
          + "' is not supported (chief or worker)");
    };
    if (rank < 0) {
      throw new ConfigException("TF_CONFIG task " + type + " " + index + " is not in cluster."
          + type + " (" + (type.equals("chief") ? chief.size() : workers.size()) + " tasks)");
    }
    return new ClusterSpec(all, rank);
  }

  /** How many workers take part. */
  public int size() {
    return addresses.size();
  }

  /** Whether this process is the chief (rank 0), which evaluates and writes the workdir. */
  public boolean isChief() {
    return rank == 0;
  }

  /** This process's {@code host:port}. */
  public String self() {
    return addresses.get(rank);
  }

  /** The port of this process's address. */
  public int port() {
    String address = self();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** {@code worker <rank> (<host:port>)}, how messages name a task. */
  public String describe(int task) {
    return "worker " + task + " (" + addresses.get(task) + ")";
  }

  private static String checkedAddress(String address, String where) {
    int colon = address.lastIndexOf(':');
    String port = colon < 0 ? "" : address.substring(colon + 1);
    if (colon <= 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) == 0
        || Integer.parseInt(port) > 65535) {
      throw new ConfigException(where + ": '" + address + "' is not host:port");
    }
    return address;
  }

  private static JsonObject object(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    if (value == null || !value.isJsonObject()) {
      throw new ConfigException("TF_CONFIG needs an object '" + key + "'");
    }
    return value.getAsJsonObject();
  }

  private static List<String> addresses(JsonObject cluster, String job) {
    JsonElement value = cluster.get(job);
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!value.isJsonArray()) {
      throw new ConfigException("TF_CONFIG cluster." + job + " is not a list of host:port");
    }
    JsonArray array = value.getAsJsonArray();
    for (JsonElement e : array) {
      if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw new ConfigException("TF_CONFIG cluster." + job + " holds " + e + ", not host:port");
      }
      out.add(checkedAddress(e.getAsString(), "TF_CONFIG cluster." + job));
    }
    return out;
  }

  private static String string(JsonObject parent, String key, String name) {
    JsonElement value = parent.get(key);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new ConfigException("TF_CONFIG needs a string " + name);
    }
    return value.getAsString();
  }

  private static int integer(JsonObject parent, String key) {
    JsonElement value = parent.get(key);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new ConfigException("TF_CONFIG needs an integer task.index");
    }
    return value.getAsInt();
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
