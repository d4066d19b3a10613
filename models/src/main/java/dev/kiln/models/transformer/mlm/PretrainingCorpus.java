package dev.kiln.models.transformer.mlm;

import dev.kiln.datasets.text.EncodedDataset;
import dev.kiln.datasets.text.EncodedExample;
import dev.kiln.datasets.text.SstStyleTokenizer;
import dev.kiln.datasets.text.TextEncoder;
import dev.kiln.datasets.text.Vocabulary;
import dev.kiln.datasets.text.WhitespaceTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The unlabelled sequences of masked-LM pre-training, encoded with the classifier's vocabulary
 * and length ({@code <s>}, at most {@code maxLength - 2} tokens, {@code </s>}). Sentences (SST-2's,
 * already tokenized) are one sequence each; documents (IMDB reviews) are tokenized like SST-2
 * ({@link SstStyleTokenizer}) and cut into consecutive windows of {@code maxLength - 2} tokens, so
 * no text is lost to truncation. Texts without a token give no sequence.
 */
public final class PretrainingCorpus {
  /**
   * One source of text, for the record of what was used.
   *
   * @param texts how many sentences or documents it gave
   * @param sequences how many sequences those became
   */
  public record Part(String name, int texts, int sequences) {}

  private final TextEncoder encoder;
  private final int window;
  private final EncodedDataset.Builder dataset = EncodedDataset.builder();
  private final List<Part> parts = new ArrayList<>();
  private int size;

  public PretrainingCorpus(Vocabulary vocabulary, int maxLength) {
    this.encoder = new TextEncoder(vocabulary, maxLength);
    this.window = maxLength - 2;
  }

  /** Adds each sentence (whitespace-tokenized, as SST-2's are) as one sequence. */
  public PretrainingCorpus addSentences(String name, List<String> sentences) {
    int before = size;
    for (String sentence : sentences) {
      add(WhitespaceTokenizer.tokenize(sentence));
    }
    parts.add(new Part(name, sentences.size(), size - before));
    return this;
  }

  /** Adds each document, tokenized SST-style, as windows of {@code maxLength - 2} tokens. */
  public PretrainingCorpus addDocuments(String name, List<String> documents) {
    int before = size;
    for (String document : documents) {
      windows(SstStyleTokenizer.tokenize(document), window).forEach(this::add);
    }
    parts.add(new Part(name, documents.size(), size - before));
    return this;
  }

  private void add(List<String> tokens) {
    if (!tokens.isEmpty()) {
      dataset.add(new EncodedExample(encoder.encode(String.join(" ", tokens)), 0, size++));
    }
  }

  /** Consecutive pieces of {@code tokens} of {@code size} tokens; the last may be shorter. */
  public static List<List<String>> windows(List<String> tokens, int size) {
    List<List<String>> windows = new ArrayList<>();
    for (int start = 0; start < tokens.size(); start += size) {
      windows.add(tokens.subList(start, Math.min(start + size, tokens.size())));
    }
    return windows;
  }

  public List<Part> parts() {
    return List.copyOf(parts);
  }

  /** The number of sequences. */
  public int size() {
    return size;
  }

  public EncodedDataset build() {
    return dataset.build();
  }
}
