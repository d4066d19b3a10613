package dev.kiln.launch;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A learnable IMDB source in the {@code {train,test}.jsonl.gz} form: each review is filler words
 * with one sentiment cue; its label is the cue's.
 */
final class ImdbJsonl {
  private ImdbJsonl() {}

  /** Writes train.jsonl.gz ({@code trainReviews}) and test.jsonl.gz ({@code testReviews}) into {@code dir}. */
  static Path write(Path dir, int trainReviews, int testReviews) throws Exception {
    Files.createDirectories(dir);
    write(dir.resolve("train.jsonl.gz"), "train", trainReviews, 1);
    write(dir.resolve("test.jsonl.gz"), "test", testReviews, 2);
    return dir;
  }

  private static void write(Path file, String split, int count, long seed) throws Exception {
    String[] filler = {"the", "film", "was", "a", "plot", "<br />", "and"};
    String[][] cues = {{"awful", "dull"}, {"great", "moving"}};
    SplittableRandom random = new SplittableRandom(seed);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < count; i++) {
        int label = random.nextInt(2);
        List<String> words = new ArrayList<>();
        for (int w = 0; w < 1 + random.nextInt(12); w++) {
          words.add(filler[random.nextInt(filler.length)]);
        }
        words.add(random.nextInt(words.size() + 1), cues[label][random.nextInt(2)]);
        int rating = label == 1 ? 7 + random.nextInt(4) : 1 + random.nextInt(4);
        JsonObject review = new JsonObject();
        review.addProperty("path", split + "/" + (label == 1 ? "pos" : "neg") + "/" + i + "_"
            + rating + ".txt");
        review.addProperty("label", label);
        review.addProperty("rating", rating);
        review.addProperty("text", String.join(" ", words));
        out.write((review + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
