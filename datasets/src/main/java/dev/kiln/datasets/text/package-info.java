/**
 * Text to padded id batches for sentence classification, as in the Flax SST-2 example.
 *
 * <p>{@link dev.kiln.datasets.text.Vocabulary} maps whitespace tokens to ids; {@link
 * dev.kiln.datasets.text.TextEncoder} turns a sentence into {@code <s> ids </s>} (a {@link
 * dev.kiln.datasets.text.TokenEncoder}, as is {@code tokenizers.Gpt2Encoder}); an {@link
 * dev.kiln.datasets.text.EncodedDataset} holds encoded examples compactly; {@link
 * dev.kiln.datasets.text.TrainBatcher} and {@link dev.kiln.datasets.text.EvalBatcher} cut it into
 * {@link dev.kiln.datasets.text.Batch}es padded to a few {@link
 * dev.kiln.datasets.text.BucketBoundaries bucket lengths}, so a compiled graph sees few shapes.
 *
 * <pre>{@code
 * Vocabulary vocab = Vocabulary.builder().minFreq(1).addAll(sentences).build();
 * TextEncoder encoder = new TextEncoder(vocab, 55);
 * EncodedDataset.Builder train = EncodedDataset.builder();
 * for (int i = 0; i < sentences.size(); i++) {
 *   train.add(new EncodedExample(encoder.encode(sentences.get(i)), labels.get(i), i));
 * }
 * TrainBatcher batcher = new TrainBatcher(
 *     train.build(), BucketBoundaries.bySize(8, encoder.maxLength()), 64, seed, false);
 * for (Batch batch : batcher.epoch(epoch)) { ... }
 * }</pre>
 */
package dev.kiln.datasets.text;
