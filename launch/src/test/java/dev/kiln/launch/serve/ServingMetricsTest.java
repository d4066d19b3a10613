package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingMetricsTest {
  @Test
  void labelValuesAndHelpAreEscaped() {
    assertEquals("a\\\\b\\\"c\\nd", ServingMetrics.escapeLabel("a\\b\"c\nd"));
    assertEquals("a\\\\b\"c\\nd", ServingMetrics.escapeHelp("a\\b\"c\nd"));
    ServingMetrics metrics = new ServingMetrics();
    metrics.countRequest("we\"ird\\name\n", 200);
    assertTrue(metrics.render().contains(
        "kiln_serving_requests_total{model=\"we\\\"ird\\\\name\\n\",status=\"200\"} 1\n"));
  }

  @Test
  void everyMetricHasHelpThenTypeAndHistogramsAreCumulative() {
    ServingMetrics metrics = new ServingMetrics();
    metrics.requestStarted();
    metrics.observeLatencyNanos(2_000_000); // 2 ms
    metrics.observeLatencyNanos(20_000_000_000L); // over the last bucket
    metrics.observeRows(3);
    String text = metrics.render();
    assertTrue(text.startsWith("# HELP kiln_serving_requests_total "));
    for (String[] metric : new String[][] {{"kiln_serving_requests_total", "counter"},
        {"kiln_serving_request_latency_seconds", "histogram"},
        {"kiln_serving_requests_in_flight", "gauge"},
        {"kiln_serving_request_rows", "histogram"}}) {
      assertTrue(text.contains("# TYPE " + metric[0] + " " + metric[1] + "\n"), metric[0]);
      int help = text.indexOf("# HELP " + metric[0] + " ");
      int type = text.indexOf("# TYPE " + metric[0] + " ");
      assertTrue(help >= 0 && help < type, metric[0]);
    }
    assertTrue(text.endsWith("\n"));
    Map<String, String> samples = ModelServerMetricsTest.samples(text);
    assertEquals("1", samples.get("kiln_serving_requests_in_flight"));
    assertEquals("0", samples.get("kiln_serving_request_latency_seconds_bucket{le=\"0.001\"}"));
    assertEquals("1", samples.get("kiln_serving_request_latency_seconds_bucket{le=\"0.0025\"}"));
    assertEquals("1", samples.get("kiln_serving_request_latency_seconds_bucket{le=\"10\"}"));
    assertEquals("2", samples.get("kiln_serving_request_latency_seconds_bucket{le=\"+Inf\"}"));
    assertEquals("2", samples.get("kiln_serving_request_latency_seconds_count"));
    assertEquals("20.002", samples.get("kiln_serving_request_latency_seconds_sum"));
    assertEquals("0", samples.get("kiln_serving_request_rows_bucket{le=\"2\"}"));
    assertEquals("1", samples.get("kiln_serving_request_rows_bucket{le=\"4\"}"));
    assertEquals("3", samples.get("kiln_serving_request_rows_sum"));
    assertEquals("+Inf", ServingMetrics.number(Double.POSITIVE_INFINITY));
    assertEquals("0.5", ServingMetrics.number(0.5));
  }
}
