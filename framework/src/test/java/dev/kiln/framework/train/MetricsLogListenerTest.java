package dev.kiln.framework.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogListenerTest {
  @TempDir Path workdir;

  @Test
  void appendsTheFixedFieldsAfterEachEpochsMetrics() throws Exception {
    Map<String, String> splits = new LinkedHashMap<>();
    splits.put("train_split", "train[:90%]");
    splits.put("eval_split", "train[90%:]");
    MetricsLogListener listener = new MetricsLogListener(new MetricsLog(workdir), splits);

    listener.onEpochEnd(new EpochResult(1, 10, 0.5, 0.75, 0.25, 0.875, 2.0, 100.0, 512.0));

    assertEquals(List.of("{\"epoch\":1,\"step\":10,\"train_loss\":0.5,\"train_accuracy\":0.75,"
            + "\"eval_loss\":0.25,\"eval_accuracy\":0.875,\"epoch_seconds\":2.0,"
            + "\"examples_per_second\":100.0,\"resident_memory_mb\":512.0,"
            + "\"train_split\":\"train[:90%]\",\"eval_split\":\"train[90%:]\"}"),
        Files.readAllLines(workdir.resolve(MetricsLog.FILE_NAME)));
  }
}
