package dev.kiln.models.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.kiln.datasets.text.Batch;
import dev.kiln.datasets.text.BucketBoundaries;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.datasets.text.TokenEncoder;
import dev.kiln.datasets.text.TrainBatcher;
import dev.kiln.framework.config.Config;
import dev.kiln.framework.step.CompiledStep;
import dev.kiln.framework.step.StepArgument;
import dev.kiln.framework.train.BatchTotals;
import dev.kiln.framework.train.BinaryClassifierGraph;
import dev.kiln.framework.train.BinaryClassifierSteps;
import dev.kiln.framework.train.ModelSession;
import dev.kiln.framework.xla.HloType;
import dev.kiln.framework.xla.Npy;
import dev.kiln.framework.xla.ProgramManifest;
import dev.kiln.framework.xla.XlaCompileError;
import dev.kiln.framework.xla.XlaDump;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A text classifier's train and eval steps as XLA programs: the config's model is built with
 * {@code jit=xla} exactly as {@code ./kiln train --jit xla} builds it, every step is compiled by
 * TensorFlow (its XLA dump going to {@code dumpDir}), and {@link ProgramManifest} writes the
 * modules with what each parameter and result is.
 *
 * <p>Writes into {@code out}: the programs and {@code manifest.json}, the starting parameters as a
 * TensorFlow checkpoint {@code parameters/ckpt}, and, when asked for batches, {@code
 * batches/NNNNN/<input>.npy} (the first N batches of the first epoch, in the order training
 * takes them), {@code batches/reference.jsonl} (each step's sums as Kiln's XLA step computed
 * them) and {@code batches/after/ckpt} (every variable after those steps).
 */
public final class TextClassifierPrograms {
  public static final String PARAMETERS = "parameters/ckpt";
  public static final String BATCHES = "batches";

  private TextClassifierPrograms() {}

  /**
   * @param checkpoint the checkpoint prefix to start from; empty for the config's initialisation
   * @param train the train split, for the batches; may be empty when {@code dumpBatches} is 0
   * @param info top-level manifest fields (preset, versions, ...)
   * @return the programs' names
   */
  public static List<String> compile(Config config, ClassifierTokenizer tokenizer,
      Optional<Path> checkpoint, List<LabelledText> train, int dumpBatches, Path dumpDir,
      Path out, JsonObject info, PrintWriter log) throws IOException {
    Config xla = config.with("jit", "xla");
    TokenEncoder encoder = tokenizer.encoder();
    BucketBoundaries boundaries =
        BucketBoundaries.bySize(xla.getInt("bucket_size"), encoder.maxLength());
    int batchSize = xla.getInt("batch_size");
    try (ModelSession<BinaryClassifierSteps> model =
        TextClassifierSession.open(xla, encoder.vocabularySize(), boundaries.asList())) {
      if (checkpoint.isEmpty()) {
        PretrainedEncoder.of(xla, tokenizer)
            .ifPresent(p -> p.loadInto(model.session(), model.store()));
      }
      BinaryClassifierSteps steps = checkpoint.isPresent()
          ? model.restore(checkpoint.get()) : model.steps();
      saveParameters(model, out);
      var byLength = ((BinaryClassifierGraph) model.compiled()).steps();
      info.add("parameter_arrays", saveParameterArrays(model, byLength.trainSteps().values(), out));
      Set<Integer> trained = new HashSet<>();
      if (dumpBatches > 0) {
        TrainBatcher batcher = new TrainBatcher(encoder.encodeAll(train), boundaries, batchSize,
            xla.getInt("seed"), false);
        trained.addAll(writeBatches(steps, batcher, dumpBatches, out.resolve(BATCHES), byLength.trainSteps(), log));
        model.checkpoints().save(model.session(), out.resolve(BATCHES).resolve("after/ckpt"));
      }
      // Every step runs once (on an all-padding batch where no real one did), so TensorFlow
      // compiles it; the variables these runs change are not saved.
      for (int length : boundaries.asList()) {
        Batch padding = new Batch(batchSize, length, new int[batchSize * length],
            new int[batchSize], new int[batchSize], new float[batchSize], new int[0]);
        if (!trained.contains(length)) {
          run(byLength.trainSteps().get(length), () -> steps.train(padding));
        }
        run(byLength.evalSteps().get(length), () -> steps.evaluate(padding));
      }
      ProgramManifest manifest = new ProgramManifest(info);
      XlaDump dump = new XlaDump(dumpDir);
      for (Map.Entry<Integer, CompiledStep> e : byLength.trainSteps().entrySet()) {
        manifest.add(out, dump, new ProgramManifest.Program("train", e.getKey(), e.getValue()));
        CompiledStep eval = byLength.evalSteps().get(e.getKey());
        manifest.add(out, dump, new ProgramManifest.Program("eval", e.getKey(), eval));
      }
      manifest.write(out);
      return manifest.names();
    }
  }

  /** Writes every variable to {@code out/parameters/ckpt}. */
  private static void saveParameters(ModelSession<?> model, Path out) {
    model.checkpoints().save(model.session(), out.resolve(PARAMETERS));
  }

  /**
   * Writes every variable the train steps take to {@code out/parameters/<name>.npy} ({@code /} in
   * a name becomes {@code .}), in the order of the steps' parameters, so a runtime without
   * TensorFlow can start from them; returns that list for the manifest.
   */
  private static JsonArray saveParameterArrays(ModelSession<?> model,
      Collection<CompiledStep> trainSteps, Path out) throws IOException {
    Map<String, StepArgument> variables = new LinkedHashMap<>();
    for (CompiledStep step : trainSteps) {
      step.arguments().stream().filter(StepArgument::variable)
          .forEach(a -> variables.putIfAbsent(a.name(), a));
    }
    Path dir = Files.createDirectories(out.resolve(PARAMETERS).getParent());
    JsonArray list = new JsonArray();
    for (StepArgument v : variables.values()) {
      String file = v.name().replace('/', '.') + ".npy";
      String type = HloType.hlo(v.dtype());
      Npy.writeRaw(dir.resolve(file), type, model.rawValues(v.name()),
          v.shape().stream().mapToLong(Long::longValue).toArray());
      JsonObject o = new JsonObject();
      o.addProperty("name", v.name());
      o.addProperty("file", out.relativize(dir.resolve(file)).toString());
      o.addProperty("dtype", type);
      JsonArray shape = new JsonArray();
      v.shape().forEach(shape::add);
      o.add("shape", shape);
      list.add(o);
    }
    return list;
  }

  /** Runs the first {@code count} batches of epoch 1; returns the lengths their steps took. */
  private static Set<Integer> writeBatches(BinaryClassifierSteps steps, TrainBatcher batcher,
      int count, Path dir, Map<Integer, CompiledStep> trainSteps, PrintWriter log)
      throws IOException {
    Files.createDirectories(dir);
    Set<Integer> lengths = new HashSet<>();
    List<String> reference = new ArrayList<>();
    int step = 0;
    for (Batch batch : batcher.epoch(0)) {
      if (step == count) {
        break;
      }
      Path d = Files.createDirectories(dir.resolve(String.format(Locale.ROOT, "%05d", step)));
      int b = batch.batchSize();
      Npy.write(d.resolve("token_ids.npy"), batch.tokenIds(), b, batch.seqLength());
      Npy.write(d.resolve("lengths.npy"), batch.lengths(), b);
      float[] labels = new float[b];
      for (int i = 0; i < b; i++) {
        labels[i] = batch.labels()[i] == 1 ? 1f : 0f;
      }
      Npy.write(d.resolve("labels.npy"), labels, b);
      Npy.write(d.resolve("weights.npy"), batch.weights(), b);
      CompiledStep compiled = trainSteps.get(batch.seqLength());
      BatchTotals totals = run(compiled, () -> steps.train(batch));
      lengths.add(batch.seqLength());
      reference.add(String.format(Locale.ROOT, "{\"step\": %d, \"program\": \"%s\", \"length\": %d,"
          + " \"loss_sum\": %s, \"correct\": %s, \"weight\": %s}", step, compiled.name(),
          batch.seqLength(), Float.toString((float) totals.lossSum()),
          Float.toString((float) totals.correct()), Float.toString((float) totals.weight())));
      step++;
    }
    Files.write(dir.resolve("reference.jsonl"), reference);
    log.printf(Locale.ROOT, "Ran %d train steps with XLA and wrote their batches to %s/%n", step,
        BATCHES);
    return lengths;
  }

  private static <T> T run(CompiledStep step, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw XlaCompileError.isTensorFlowError(e) ? XlaCompileError.of(step.name(), e) : e;
    }
  }
}
