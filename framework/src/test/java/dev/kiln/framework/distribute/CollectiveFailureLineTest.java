package dev.kiln.framework.distribute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CollectiveFailureLineTest {
  @Test
  void aLineThatOnlyNamesTheReportingTaskIsJoinedWithTheReason() {
    String message = "From /job:worker/replica:0/task:0:\n"
        + "Collective ops is aborted by: Deadline Exceeded\n"
        + "Additional GRPC error information ...";
    assertEquals("From /job:worker/replica:0/task:0: Collective ops is aborted by: Deadline"
        + " Exceeded", DataParallel.firstLine(message));
  }

  @Test
  void otherwiseTheFirstLineIsKept() {
    assertEquals("Connection reset by peer",
        DataParallel.firstLine("Connection reset by peer\nmore detail"));
    assertEquals("", DataParallel.firstLine(null));
    assertEquals("From /job:worker/replica:0/task:1:",
        DataParallel.firstLine("From /job:worker/replica:0/task:1:"));
  }
}
