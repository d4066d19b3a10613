package dev.kiln.framework.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {

  @Test
  void tfConfigWorkersAreRankedInOrder() {
    ClusterSpec spec = ClusterSpec.fromTfConfig("{\"cluster\": {\"worker\": [\"a:1\", \"b:2\","
        + " \"c:3\"]}, \"task\": {\"type\": \"worker\", \"index\": 2}}");
    assertEquals(List.of("a:1", "b:2", "c:3"), spec.addresses());
    assertEquals(2, spec.rank());
    assertEquals("c:3", spec.self());
    assertEquals(3, spec.port());
    assertTrue(!spec.isChief());
  }

  @Test
  void aTfConfigChiefComesFirstAsTfDistributeRanksIt() {
    String cluster = "{\"cluster\": {\"chief\": [\"c:9\"], \"worker\": [\"a:1\", \"b:2\"]},";
    ClusterSpec chief = ClusterSpec.fromTfConfig(cluster
        + " \"task\": {\"type\": \"chief\", \"index\": 0}}");
    assertEquals(List.of("c:9", "a:1", "b:2"), chief.addresses());
    assertEquals(0, chief.rank());
    assertTrue(chief.isChief());
    assertEquals(2, ClusterSpec.fromTfConfig(cluster
        + " \"task\": {\"type\": \"worker\", \"index\": 1}}").rank());
  }

  @Test
  void malformedTfConfigsAreOneLineErrorsNamingThePart() {
    assertMessage("TF_CONFIG is not valid JSON: ", "{\"cluster\": ");
    assertMessage("TF_CONFIG needs an object 'task'", "{\"cluster\": {\"worker\": [\"a:1\"]}}");
    assertMessage("TF_CONFIG cluster job 'ps' is not supported (Kiln trains synchronously with"
        + " chief and worker tasks only)", "{\"cluster\": {\"ps\": [\"a:1\"]}, \"task\": {}}");
    assertMessage("TF_CONFIG cluster.worker: 'a' is not host:port",
        "{\"cluster\": {\"worker\": [\"a\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}");
    assertMessage("TF_CONFIG task worker 3 is not in cluster.worker (1 tasks)",
        "{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"worker\", \"index\": 3}}");
    assertMessage("TF_CONFIG task.type 'evaluator' is not supported (chief or worker)",
        "{\"cluster\": {\"worker\": [\"a:1\"]}, \"task\": {\"type\": \"evaluator\", \"index\": 0}}");
  }

  @Test
  void clusterFlagsAreCheckedAddressByAddress() {
    ClusterSpec spec = ClusterSpec.fromFlags("10.0.0.1:2222, 10.0.0.2:2222", 1);
    assertEquals(List.of("10.0.0.1:2222", "10.0.0.2:2222"), spec.addresses());
    assertEquals("worker 1 (10.0.0.2:2222)", spec.describe(1));
    assertEquals("--cluster: '10.0.0.2:99999' is not host:port", assertThrows(
        ConfigException.class, () -> ClusterSpec.fromFlags("a:1,10.0.0.2:99999", 0)).getMessage());
    assertEquals("--task-index -1 is not among the 1 workers of --cluster (0..0)", assertThrows(
        ConfigException.class, () -> ClusterSpec.fromFlags("a:1", -1)).getMessage());
  }

  private static void assertMessage(String expectedStart, String json) {
    String message =
        assertThrows(ConfigException.class, () -> ClusterSpec.fromTfConfig(json)).getMessage();
    assertTrue(message.startsWith(expectedStart), message);
    assertTrue(!message.contains("\n"), message);
  }
}
