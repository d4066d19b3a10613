package dev.kiln.launch.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;

/** The Java tokenization in front of a token-ids export, against a fake model that records its feeds. */
class TokenizingServableTest {
  static final TensorSpec PROBABILITIES =
      new TensorSpec("probabilities:0", DataType.DT_FLOAT, Optional.of(new long[] {-1, 2}));

  /** Answers every prediction with probabilities [0.25, 0.75] per row, keeping what it was fed. */
  static final class FakeModel implements Servable {
    final Map<String, SignatureSpec> signatures = new HashMap<>();
    Map<String, TensorValue> fed;
    String signatureRun;
    boolean closed;

    FakeModel(int maxLength) {
      SignatureSpec ids = new SignatureSpec("token_ids", "tensorflow/serving/predict", Map.of(
          "token_ids", new TensorSpec("token_ids:0", DataType.DT_INT32,
              Optional.of(new long[] {-1, maxLength})),
          "lengths", new TensorSpec("lengths:0", DataType.DT_INT32, Optional.of(new long[] {-1}))),
          Map.of("probabilities", PROBABILITIES));
      signatures.put("token_ids", ids);
      signatures.put("serving_default", new SignatureSpec("serving_default",
          ids.methodName(), ids.inputs(), ids.outputs()));
    }

    @Override
    public Map<String, SignatureSpec> signatures() {
      return signatures;
    }

    @Override
    public Map<String, TensorValue> predict(String key, Map<String, TensorValue> inputs) {
      signatureRun = key;
      fed = inputs;
      int rows = (int) inputs.get("lengths").shape()[0];
      float[] p = new float[2 * rows];
      for (int i = 0; i < rows; i++) {
        p[2 * i] = 0.25f;
        p[2 * i + 1] = 0.75f;
      }
      return Map.of("probabilities", new TensorValue(ServingType.FLOAT, new long[] {rows, 2}, p));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void rawTextBecomesGpt2IdsPaddedToMaxLengthWithLengths() {
    FakeModel model = new FakeModel(4);
    TokenizingServable servable = new TokenizingServable(model, new ExportTokenizer("gpt2", 4));
    byte[][] sentences = {"Hello, world!".getBytes(StandardCharsets.UTF_8),
        "Hello world".getBytes(StandardCharsets.UTF_8), new byte[0]};
    Map<String, TensorValue> out = servable.predict("serving_default", Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {3}, sentences)));
    assertEquals("token_ids", model.signatureRun);
    // "Hello, world!" = 15496 11 995 0, "Hello world" = 15496 995, "" = <|endoftext|>
    assertArrayEquals(new int[] {15496, 11, 995, 0, 15496, 995, 0, 0, 50256, 0, 0, 0},
        (int[]) model.fed.get("token_ids").elements());
    assertArrayEquals(new long[] {3, 4}, model.fed.get("token_ids").shape());
    assertArrayEquals(new int[] {4, 2, 1}, (int[]) model.fed.get("lengths").elements());
    assertEquals(6, out.get("probabilities").size());
    SignatureSpec text = servable.signatures().get("serving_default");
    assertEquals(List.of("sentences"), List.copyOf(text.inputs().keySet()));
    assertEquals(List.of("probabilities"), List.copyOf(text.outputs().keySet()));
    servable.close();
    assertTrue(model.closed);
  }

  @Test
  void otherSignaturesPassThroughAndBadInputIsA400() {
    FakeModel model = new FakeModel(4);
    TokenizingServable servable = new TokenizingServable(model, new ExportTokenizer("gpt2", 4));
    Map<String, TensorValue> ids = Map.of(
        "token_ids", new TensorValue(ServingType.INT32, new long[] {1, 4}, new int[] {1, 2, 3, 4}),
        "lengths", new TensorValue(ServingType.INT32, new long[] {1}, new int[] {4}));
    servable.predict("token_ids", ids);
    assertEquals(ids, model.fed);
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> servable.predict("serving_default", ids));
    assertTrue(e.getMessage().contains("unknown input"), e.getMessage());
  }

  @Test
  void theMemoryEstimateOfTextCountsRowsPaddedToMaxLength() {
    FakeModel model = new FakeModel(4);
    TokenizingServable servable = new TokenizingServable(model, new ExportTokenizer("gpt2", 4));
    byte[][] sentences = {"a much longer text than four ids".getBytes(StandardCharsets.UTF_8),
        new byte[0], new byte[0]};
    assertEquals(3L * 4 * 1 * 4, servable.estimateBytes("serving_default", Map.of("sentences",
        new TensorValue(ServingType.STRING, new long[] {3}, sentences))));
    Map<String, TensorValue> ids = Map.of(
        "token_ids", new TensorValue(ServingType.INT32, new long[] {2, 4}, new int[8]),
        "lengths", new TensorValue(ServingType.INT32, new long[] {2}, new int[2]));
    assertEquals(2L * 4 * 1 * 4, servable.estimateBytes("token_ids", ids));
  }

  @Test
  void aTokenizerThatDoesNotFitTheExportIsRefusedAtLoad() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TokenizingServable(new FakeModel(4), new ExportTokenizer("gpt2", 500)));
    assertEquals("the export's tokenizer.json names gpt2 with max_length 500, but it has no"
        + " 'token_ids' signature taking token_ids [-1, 500] and lengths [-1]", e.getMessage());
  }

  @Test
  void theRecordRoundTripsAndABrokenOneNamesItsFile(@TempDir Path dir) throws Exception {
    assertEquals(Optional.empty(), ExportTokenizer.read(dir));
    new ExportTokenizer("gpt2", 500).write(dir);
    assertEquals(Optional.of(new ExportTokenizer("gpt2", 500)), ExportTokenizer.read(dir));
    Files.writeString(dir.resolve("assets/tokenizer.json"), "{\"tokenizer\": \"bpe\", \"max_length\": 9}");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ExportTokenizer.read(dir));
    assertEquals(dir.resolve("assets/tokenizer.json") + ": not a tokenizer record (unknown"
        + " tokenizer 'bpe' (known: gpt2))", e.getMessage());
  }
}
