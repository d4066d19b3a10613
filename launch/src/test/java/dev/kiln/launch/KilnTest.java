package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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

  /** picocli formats descriptions with String.format: a bare '%' (as in train[:90%]) only warns. */
  @Test
  void everyCommandsHelpFormatsWithoutPicocliWarnings() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (Map.Entry<String, CommandLine> command : Kiln.commandLine().getSubcommands().entrySet()) {
        String usage = command.getValue().getUsageMessage();
        assertTrue(usage.contains("Usage: kiln " + command.getKey()), usage);
      }
    } finally {
      System.setErr(stderr);
    }
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertTrue(!warnings.contains("picocli WARN"), warnings);
  }
}
