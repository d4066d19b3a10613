package dev.kiln.models.run;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.EncodedExample;
import dev.kiln.framework.checkpoint.CheckpointRecord;
import dev.kiln.framework.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a data-parallel worker says about itself at start-up, for {@code StartupCheck} to compare
 * across workers: every config field, the size and a SHA-256 of the encoded training and
 * evaluation examples (ids, labels, order: so another data set, split or vocabulary differs), and
 * the checkpoint it resumes from.
 */
final class WorkerDescription {
  private WorkerDescription() {}

  static Map<String, String> of(Config config, EncodedDataset train, EncodedDataset eval,
      Optional<CheckpointRecord> from) {
    Map<String, String> items = new LinkedHashMap<>();
    addFields(items, "", JsonParser.parseString(config.toJson()).getAsJsonObject());
    items.put("training data", fingerprint(train));
    items.put("evaluation data", fingerprint(eval));
    items.put("resumes from", from.map(CheckpointRecord::describe).orElse("nothing (a new run)"));
    return items;
  }

  /** Every field of {@code json}, nested objects' as {@code outer.inner}, config.json's layout. */
  private static void addFields(Map<String, String> items, String prefix, JsonObject json) {
    for (Map.Entry<String, JsonElement> field : json.entrySet()) {
      if (field.getValue().isJsonObject()) {
        // config.json nests the fields under "config"; name them as --set does.
        String outer = prefix.isEmpty() && field.getKey().equals("config") ? ""
            : prefix + field.getKey() + ".";
        addFields(items, outer, field.getValue().getAsJsonObject());
      } else {
        String name = prefix.isEmpty() && field.getKey().equals("preset") ? "preset"
            : "config field " + prefix + field.getKey();
        items.put(name, field.getValue().toString());
      }
    }
  }

  /** {@code <n> examples, sha256 <first 16 hex digits>} over every example's label and ids. */
  private static String fingerprint(EncodedDataset data) {
    Hasher hasher = Hashing.sha256().newHasher();
    for (int i = 0; i < data.size(); i++) {
      EncodedExample example = data.example(i);
      hasher.putInt(example.label()).putInt(example.ids().length);
      for (int id : example.ids()) {
        hasher.putInt(id);
      }
    }
    return data.size() + " examples, sha256 " + hasher.hash().toString().substring(0, 16);
  }
}
