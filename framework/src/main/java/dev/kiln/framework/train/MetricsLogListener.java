package dev.kiln.framework.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends each epoch's metrics as one line of {@code metrics.jsonl}, followed by fixed fields that
 * say where the figures come from (for example the train and eval splits).
 */
public final class MetricsLogListener implements TrainingListener {
  private final MetricsLog log;
  private final Map<String, ?> fixedFields;

  public MetricsLogListener(MetricsLog log) {
    this(log, Map.of());
  }

  /** @param fixedFields appended to every line, in their iteration order */
  public MetricsLogListener(MetricsLog log, Map<String, ?> fixedFields) {
    this.log = log;
    this.fixedFields = new LinkedHashMap<>(fixedFields);
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    Map<String, Object> line = new LinkedHashMap<>(result.asMap());
    line.putAll(fixedFields);
    log.append(line);
  }
}
