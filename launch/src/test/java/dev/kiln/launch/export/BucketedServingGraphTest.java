package dev.kiln.launch.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.framework.config.Config;
import dev.kiln.models.Presets;
import dev.kiln.models.run.ClassifierTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * The serving graph built per training bucket and dispatched by {@code Case} gives the
 * probabilities of the same model unrolled to {@code max_input_length}, to {@value #TOLERANCE},
 * for batches whose longest row is at, just under and just past each bucket boundary.
 */
class BucketedServingGraphTest {
  /** Largest difference allowed in a probability: float rounding of differently shaped matmuls. */
  static final float TOLERANCE = 1e-6f;

  /** The recurrent presets (LSTM, GRU, BiLSTM + attention) and the Transformer, tiny. */
  @ParameterizedTest
  @CsvSource({
      "sst2-lstm-2020, embedding_size=8 hidden_size=8",
      "sst2-gru, embedding_size=8 hidden_size=8",
      "sst2-bilstm-attention, embedding_size=8 hidden_size=8",
      "sst2-transformer, emb_dim=8 num_heads=2 mlp_dim=8 num_layers=1"})
  void bucketedProbabilitiesEqualTheFullLengthGraphs(String preset, String overrides)
      throws Exception {
    List<String> fields = new ArrayList<>(List.of(overrides.split(" ")));
    // SST-2's buckets of 8, up to 20 rather than 55 to keep the test quick: the last is narrower
    fields.addAll(List.of("min_freq=1", "max_input_length=20", "bucket_size=8"));
    Config config = Presets.named(preset).config().withOverrides(fields);
    assertEquals(List.of(8, 16, 20), BucketBoundaries.bySize(
        config.getInt("bucket_size"), config.getInt("max_input_length")).asList());
    assertBucketedEqualsFull(config, new int[] {1, 2, 7, 8, 9, 15, 16, 17, 19, 20});
  }

  /** The GPT-2 CNN ({@code imdb-cnn}): wider buckets, both signatures taking ids. */
  @Test
  void bucketedCnnProbabilitiesEqualTheFullLengthGraphs() throws Exception {
    Config config = Presets.named("imdb-cnn").config().withOverrides(List.of("embedding_size=8",
        "conv_features=8", "hidden_size=8", "max_input_length=60", "bucket_size=25"));
    assertBucketedEqualsFull(config, new int[] {1, 24, 25, 26, 50, 51, 59, 60});
  }

  /**
   * Batches of 3 rows whose longest is each of {@code longest}, by ids; then three sentences, the
   * last longer than {@code max_input_length} words. (Rows of length 0, which no tokenizer makes,
   * are left out: a Transformer row with every key masked attends evenly to all T positions.)
   */
  static void assertBucketedEqualsFull(Config config, int[] longest) throws Exception {
    int width = config.getInt("max_input_length");
    ClassifierTokenizer tokenizer =
        ClassifierTokenizer.fit(config, ExportedModels.sentiments(160, 1));
    int vocabulary = tokenizer.encoder().vocabularySize();
    List<int[]> batches = new ArrayList<>();
    for (int length : longest) {
      batches.add(new int[] {length, Math.max(1, length / 2), 1});
    }
    String preset = config.preset();
    try (ServingRun bucketed = new ServingRun(config, tokenizer, null);
        ServingRun full = new ServingRun(config, tokenizer, List.of(width))) {
      SplittableRandom random = new SplittableRandom(7);
      float largest = 0;
      for (int[] lengths : batches) {
        int[] ids = ids(random, lengths, width, vocabulary);
        float[] expected = full.byIds(ids, lengths);
        float[] actual = bucketed.byIds(ids, lengths);
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
          largest = Math.max(largest, Math.abs(expected[i] - actual[i]));
        }
      }
      assertTrue(largest <= TOLERANCE, preset + ": largest difference " + largest);
      if (tokenizer.vocabulary().isPresent()) {
        List<String> sentences = List.of("", "the film was great",
            "it was a very very very long and boring plot , the end was great ".repeat(5));
        float[] expected = full.bySentences(sentences);
        float[] actual = bucketed.bySentences(sentences);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], TOLERANCE, preset + " sentence " + i);
        }
      }
    }
  }

  /** Row i: lengths[i] ids in [1, vocabulary) (at most width), zeros after. */
  static int[] ids(SplittableRandom random, int[] lengths, int width, int vocabulary) {
    int[] ids = new int[lengths.length * width];
    for (int row = 0; row < lengths.length; row++) {
      for (int t = 0; t < Math.min(lengths[row], width); t++) {
        ids[row * width + t] = 1 + random.nextInt(vocabulary - 1);
      }
    }
    return ids;
  }

  /** A {@link ServingGraph} with its variables at their seeded initial values, in a session. */
  static final class ServingRun implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final ServingGraph serving;
    private final int width;

    /** @param paddedLengths null for the config's buckets */
    ServingRun(Config config, ClassifierTokenizer tokenizer, List<Integer> paddedLengths) {
      serving = paddedLengths == null
          ? new ServingGraph(graph, config, tokenizer, ExportedModels.LABELS)
          : new ServingGraph(graph, config, tokenizer, ExportedModels.LABELS, paddedLengths);
      width = config.getInt("max_input_length");
      session = new Session(graph);
      serving.store().initialize(session);
      session.runner().addTarget(serving.initOp()).run().close();
    }

    float[] byIds(int[] ids, int[] lengths) {
      try (TInt32 idsT = TInt32.tensorOf(Shape.of(lengths.length, width), DataBuffers.of(ids,
              true, false));
          TInt32 lengthsT = TInt32.vectorOf(lengths)) {
        SignatureDef signature = serving.signatures().get(ServingGraph.TOKEN_IDS_SIGNATURE);
        return probabilities(signature, List.of("token_ids", "lengths"), List.of(idsT, lengthsT));
      }
    }

    float[] bySentences(List<String> sentences) {
      try (TString text = TString.tensorOfBytes(NdArrays.vectorOfObjects(sentences.stream()
          .map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new)))) {
        SignatureDef signature = serving.signatures().get(ServingGraph.SENTENCES_SIGNATURE);
        return probabilities(signature, List.of("sentences"), List.of(text));
      }
    }

    private float[] probabilities(SignatureDef signature, List<String> names,
        List<Tensor> tensors) {
      Session.Runner runner = session.runner();
      for (int i = 0; i < names.size(); i++) {
        runner.feed(signature.getInputsOrThrow(names.get(i)).getName(), tensors.get(i));
      }
      runner.fetch(signature.getOutputsOrThrow("probabilities").getName());
      try (Result result = runner.run()) {
        TFloat32 p = (TFloat32) result.get(0);
        float[] values = new float[(int) p.size()];
        p.asRawTensor().data().asFloats().read(values);
        return values;
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
