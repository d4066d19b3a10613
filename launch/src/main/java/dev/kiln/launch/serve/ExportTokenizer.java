package dev.kiln.launch.serve;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.datasets.io.AtomicFiles;
import dev.kiln.datasets.text.TokenEncoder;
import dev.kiln.datasets.tokenizers.Gpt2Encoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tokenizer of an export whose graph cannot tokenize (GPT-2's byte pairs have no TensorFlow
 * op): {@code assets/tokenizer.json}, written by {@code kiln export}. {@code kiln serve} and {@code
 * kiln predict} read it, tokenize raw text in Java exactly as training did, and feed the export's
 * {@value #TOKEN_IDS_SIGNATURE} signature. Exports without the file tokenize in their graph.
 *
 * <pre>{@code {"tokenizer": "gpt2", "encoding": "r50k_base", "max_length": 500, "signature": "token_ids"}}</pre>
 *
 * @param maxLength the ids a text keeps (its first ones), the {@code token_ids} row length
 */
public record ExportTokenizer(String name, int maxLength) {
  public static final String FILE_NAME = "tokenizer.json";
  /** The signature that takes {@code token_ids} and {@code lengths}. */
  public static final String TOKEN_IDS_SIGNATURE = "token_ids";
  private static final String ASSETS = "assets";

  public ExportTokenizer {
    if (!name.equals(Gpt2Encoder.NAME)) {
      throw new IllegalArgumentException("unknown tokenizer '" + name + "' (known: "
          + Gpt2Encoder.NAME + ")");
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("max_length must be at least 1, got " + maxLength);
    }
  }

  /** The encoder that gives the ids training gave. */
  public TokenEncoder encoder() {
    return new Gpt2Encoder(maxLength);
  }

  /**
   * {@code <versionDir>/assets/tokenizer.json}, or empty if the export has none.
   *
   * @throws IllegalStateException naming the file if it is not a tokenizer record
   */
  public static Optional<ExportTokenizer> read(Path versionDir) {
    Path file = versionDir.resolve(ASSETS).resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      return Optional.of(new ExportTokenizer(json.get("tokenizer").getAsString(),
          json.get("max_length").getAsInt()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(file + ": not a tokenizer record (" + e.getMessage() + ")",
          e);
    }
  }

  /** Writes {@code <versionDir>/assets/tokenizer.json}. */
  public void write(Path versionDir) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("tokenizer", name);
    json.addProperty("encoding", Gpt2Encoder.ENCODING);
    json.addProperty("max_length", maxLength);
    json.addProperty("signature", TOKEN_IDS_SIGNATURE);
    Path assets = Files.createDirectories(versionDir.resolve(ASSETS));
    AtomicFiles.writeString(assets.resolve(FILE_NAME),
        new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
  }
}
