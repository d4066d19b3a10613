package dev.kiln.launch;

import dev.kiln.datasets.DatasetException;
import dev.kiln.datasets.tfds.PreparedDataset;
import dev.kiln.framework.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The splits of a training run, each a TFDS split spec ({@code train}, {@code train[:90%]}, ...):
 * {@code train_split} trains, {@code eval_split} is evaluated after every epoch and selects the
 * best one, and {@code test_split}, if not empty, is evaluated once at the end, on the best
 * epoch's checkpoint.
 */
record RunSplits(String train, String eval, Optional<String> test) {

  /**
   * The config's splits, each checked against {@code dataset} (well formed, existing splits,
   * slices within them, at least one example).
   *
   * @throws UserError naming the config field at fault
   */
  static RunSplits of(Config config, PreparedDataset dataset) {
    String test = config.getString("test_split");
    return new RunSplits(checked(config, "train_split", dataset),
        checked(config, "eval_split", dataset),
        test.isEmpty() ? Optional.empty() : Optional.of(checked(config, "test_split", dataset)));
  }

  /** The fields each {@code metrics.jsonl} line carries to say where its figures come from. */
  Map<String, String> metricsFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("train_split", train);
    fields.put("eval_split", eval);
    return fields;
  }

  /** How a split's accuracy is called: glue/sst2's validation split is its papers' "dev". */
  static String label(String split) {
    return split.equals("validation") ? "dev" : split;
  }

  private static String checked(Config config, String field, PreparedDataset dataset) {
    String spec = config.getString(field);
    try {
      if (dataset.numExamples(spec) == 0) {
        throw new UserError("config field " + field + ": split '" + spec + "' selects no"
            + " examples");
      }
    } catch (DatasetException e) {
      throw new UserError("config field " + field + ": " + e.getMessage());
    }
    return spec;
  }
}
