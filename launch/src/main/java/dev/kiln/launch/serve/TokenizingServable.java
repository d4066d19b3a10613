package dev.kiln.launch.serve;

import dev.kiln.datasets.text.TokenEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.DataType;

/**
 * An export whose graph takes token ids, serving raw text too: its {@value #TEXT_SIGNATURE}
 * signature takes {@code sentences} {@code <string>[batch]}, tokenizes them in Java with the
 * export's {@link ExportTokenizer}, and runs the export's {@value
 * ExportTokenizer#TOKEN_IDS_SIGNATURE} signature (rows padded with 0 to {@code max_length}, each
 * row's {@code lengths} giving its real ids), with that signature's outputs. This is the one
 * signature that differs from the SavedModel on disk, whose own {@value #TEXT_SIGNATURE} takes
 * token ids, as TensorFlow Serving serves it; every other signature passes through unchanged.
 */
public final class TokenizingServable implements Servable {
  /** The signature that takes raw text, as in exports that tokenize in their graph. */
  public static final String TEXT_SIGNATURE = "serving_default";
  public static final String SENTENCES = "sentences";

  private final Servable model;
  private final ExportTokenizer tokenizer;
  private final TokenEncoder encoder;
  private final Map<String, SignatureSpec> signatures;

  /**
   * @throws IllegalStateException if {@code model} has no {@value
   *     ExportTokenizer#TOKEN_IDS_SIGNATURE} signature taking {@code token_ids} [-1, max_length]
   *     and {@code lengths} [-1]
   */
  public TokenizingServable(Servable model, ExportTokenizer tokenizer) {
    SignatureSpec ids = model.signatures().get(ExportTokenizer.TOKEN_IDS_SIGNATURE);
    if (ids == null || !fits(ids.inputs().get("token_ids"), -1, tokenizer.maxLength())
        || !fits(ids.inputs().get("lengths"), -1) || ids.inputs().size() != 2) {
      throw new IllegalStateException("the export's " + ExportTokenizer.FILE_NAME + " names "
          + tokenizer.name() + " with max_length " + tokenizer.maxLength() + ", but it has no '"
          + ExportTokenizer.TOKEN_IDS_SIGNATURE + "' signature taking token_ids [-1, "
          + tokenizer.maxLength() + "] and lengths [-1]");
    }
    this.model = model;
    this.tokenizer = tokenizer;
    this.encoder = tokenizer.encoder();
    Map<String, SignatureSpec> all = new LinkedHashMap<>(model.signatures());
    all.put(TEXT_SIGNATURE, new SignatureSpec(TEXT_SIGNATURE, ids.methodName(),
        Map.of(SENTENCES, new TensorSpec("(" + tokenizer.name() + " tokenizer, in Java)",
            DataType.DT_STRING, Optional.of(new long[] {-1}))),
        ids.outputs()));
    this.signatures = Collections.unmodifiableMap(all);
  }

  /**
   * Loads the SavedModel in {@code directory}, behind a {@link TokenizingServable} if its assets
   * name a tokenizer ({@link ExportTokenizer#read}).
   */
  public static Servable load(Path directory) {
    return load(directory, SessionThreads.TENSORFLOW_DEFAULTS);
  }

  /** As {@link #load(Path)}, the session using {@code threads}. */
  public static Servable load(Path directory, SessionThreads threads) {
    Optional<ExportTokenizer> tokenizer = ExportTokenizer.read(directory);
    SavedModelServable model = SavedModelServable.load(directory, threads);
    if (tokenizer.isEmpty()) {
      return model;
    }
    try {
      return new TokenizingServable(model, tokenizer.get());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public Map<String, SignatureSpec> signatures() {
    return signatures;
  }

  @Override
  public long widestLayer() {
    return model.widestLayer();
  }

  /** The text signature's rows are padded to {@code max_length} ids. */
  @Override
  public long estimateBytes(String signatureKey, Map<String, TensorValue> inputs) {
    if (!signatureKey.equals(TEXT_SIGNATURE)) {
      return model.estimateBytes(signatureKey, inputs);
    }
    TensorValue sentences = inputs.get(SENTENCES);
    long rows = sentences == null || sentences.shape().length == 0 ? 1 : sentences.shape()[0];
    return MemoryEstimate.bytes(rows, tokenizer.maxLength(), widestLayer());
  }

  @Override
  public Map<String, TensorValue> predict(String signatureKey, Map<String, TensorValue> inputs) {
    if (!signatureKey.equals(TEXT_SIGNATURE)) {
      return model.predict(signatureKey, inputs);
    }
    signature(TEXT_SIGNATURE).checkInputs(inputs);
    byte[][] sentences = (byte[][]) inputs.get(SENTENCES).elements();
    int time = tokenizer.maxLength();
    int[] ids = new int[sentences.length * time];
    int[] lengths = new int[sentences.length];
    for (int i = 0; i < sentences.length; i++) {
      int[] encoded = encoder.encode(new String(sentences[i], StandardCharsets.UTF_8));
      System.arraycopy(encoded, 0, ids, i * time, encoded.length);
      lengths[i] = encoded.length;
    }
    return model.predict(ExportTokenizer.TOKEN_IDS_SIGNATURE, Map.of(
        "token_ids", new TensorValue(ServingType.INT32, new long[] {sentences.length, time}, ids),
        "lengths", new TensorValue(ServingType.INT32, new long[] {sentences.length}, lengths)));
  }

  @Override
  public void close() {
    model.close();
  }

  private static boolean fits(TensorSpec spec, long... dims) {
    return spec != null && spec.dataType() == DataType.DT_INT32 && spec.dims().isPresent()
        && Arrays.equals(spec.dims().get(), dims);
  }
}
