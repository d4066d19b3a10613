package dev.kiln.framework.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupCheckTest {
  private final ClusterSpec cluster = ClusterSpec.fromFlags("h:1,h:2,h:3", 0);

  @Test
  void workersThatDescribeThemselvesAlikePass() {
    Map<String, String> same = Map.of("config field seed", "0", "training data", "9 examples");
    assertNull(StartupCheck.differences(cluster, List.of(same, same, same)));
  }

  @Test
  void theFirstWorkerUnlikeWorkerZeroIsNamedWithEveryItemThatDiffers() {
    Map<String, String> chief = Map.of("config field seed", "0", "training data", "9 examples");
    Map<String, String> other = Map.of("config field seed", "1", "training data", "8 examples",
        "resumes from", "ckpt-4");
    assertEquals("worker 2 (h:3) was not started like worker 0: config field seed 1 (worker 0: 0);"
        + " resumes from ckpt-4 (worker 0: (none)); training data 8 examples (worker 0: 9"
        + " examples)", StartupCheck.differences(cluster, List.of(chief, chief, other)));
  }
}
