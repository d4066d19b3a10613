package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingLimitsTest {
  private final ServingLimits limits = new ServingLimits(4, 10, 2, 1000);

  @Test
  void theDefaultsFitA24GibMachine() {
    ServingLimits defaults = ServingLimits.defaults();
    assertEquals(1024L << 20, defaults.maxRequestMemoryBytes());
    assertEquals(16, defaults.maxConcurrentRequests());
  }

  @Test
  void tooManyRowsNamesTheLimitAndFlag() {
    assertEquals("input 'sentences' has 5 rows, over the limit of 4 rows per request"
        + " (--max-request-rows)", refused(texts("a", "b", "c", "d", "e")));
  }

  @Test
  void textsAreCountedInCharactersNotBytes() {
    limits.checkInputs(texts("éééééééééé")); // 10 characters, 20 bytes
    assertEquals("input 'sentences' text 1 has 11 characters, over the limit of 10"
        + " (--max-text-length)", refused(texts("ok", "ééééééééééé")));
  }

  @Test
  void aTokenIdsRowOverTheTextLengthIsRefused() {
    assertEquals("input 'token_ids' has rows of 11 values, over the limit of 10"
        + " (--max-text-length)", refused(Map.of("token_ids",
            new TensorValue(ServingType.INT32, new long[] {1, 11}, new int[11]))));
  }

  @Test
  void anEstimateOverTheMemoryLimitNamesBoth() {
    limits.checkMemory(1000);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> limits.checkMemory(1001));
    assertEquals("the request needs an estimated 1001 bytes (rows x padded length x widest layer"
        + " x 4 bytes), over the limit of 1000 bytes (--max-request-memory-mb)", e.getMessage());
    assertEquals("1.5 MiB", ServingLimits.size(3L << 19));
  }

  private String refused(Map<String, TensorValue> inputs) {
    return assertThrows(InvalidInputException.class, () -> limits.checkInputs(inputs))
        .getMessage();
  }

  private static Map<String, TensorValue> texts(String... texts) {
    byte[][] bytes = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      bytes[i] = texts[i].getBytes(StandardCharsets.UTF_8);
    }
    return Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {texts.length}, bytes));
  }
}
