package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KilnTest {

  @Test
  void helpListsEveryCommand() {
    CommandRun run = CommandRun.of("--help");
    assertEquals(0, run.exitCode());
    for (String command : new String[] {"prepare", "dataset", "presets", "train", "eval", "export", "predict", "serve", "compile", "devices", "help"}) {
      assertTrue(run.out().contains(command), () -> "no " + command + " in:\n" + run.out());
    }
  }

  @Test
  void unknownCommandIsAUsageErrorNotAStackTrace() {
    CommandRun run = CommandRun.of("frobnicate");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Unmatched argument at index 0: 'frobnicate'"), run.err());
    assertTrue(!run.err().contains("Exception"), run.err());
  }
}
