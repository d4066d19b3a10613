package dev.kiln.launch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kiln.datasets.text.LabelledText;
import dev.kiln.framework.checkpoint.CheckpointChoice;
import dev.kiln.framework.config.Config;
import dev.kiln.models.run.ClassifierTokenizer;
import dev.kiln.models.run.Classifiers;
import dev.kiln.models.Presets;
import dev.kiln.models.run.PretrainedEncoder;
import dev.kiln.models.run.TextClassifierPrograms;
import dev.kiln.models.run.RunWorkdir;
import dev.kiln.models.run.TrainedWorkdir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln compile --preset P | --workdir W --out DIR}: a preset's train and eval steps as
 * XLA programs ({@link TextClassifierPrograms}), taken from TensorFlow's own XLA compilation of
 * the steps {@code --jit xla} runs.
 *
 * <p>TensorFlow reads {@code XLA_FLAGS} once, when its library loads, so the command runs itself
 * again in a child JVM with XLA's dump flags set, writing into an incomplete sibling of {@code
 * DIR} that is renamed to {@code DIR} when complete.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
    description = {
      "Writes a preset's (or a trained workdir's) train and eval steps, one pair per bucket"
          + " length, as XLA programs: <name>.hlo.pb (a serialized HloModuleProto, as"
          + " TensorFlow's XLA compiled it for --jit xla) and <name>.hlo.txt, manifest.json"
          + " (each program's parameters and results: variables by checkpoint name, batch"
          + " inputs, metric sums), and the starting parameters as a TensorFlow checkpoint"
          + " (parameters/ckpt), and as one .npy file per variable (parameters/<name>.npy).",
      "--dump-batches N also writes the first N training batches and what Kiln's own XLA steps"
          + " computed on them, for checking the programs in another XLA"
          + " (tools/interop/xla_program_check.sh)."
    })
final class CompileCommand implements Callable<Integer> {
  static final String DUMP_FLAGS = "--xla_dump_hlo_as_text --xla_dump_hlo_as_proto";

  @Spec CommandSpec spec;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "The preset to compile, from its initial parameters.")
  String preset;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Overrides a field of --preset's config (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "A ./kiln train workdir to compile, from its checkpoint.")
  Path workdir;

  @Option(names = "--checkpoint", paramLabel = "best|latest|PATH", defaultValue = "best",
      description = "With --workdir: the checkpoint to start from (default: best).")
  String checkpoint;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The program directory to write; must not exist yet.")
  Path out;

  @Option(names = "--dump-batches", paramLabel = "N", defaultValue = "0",
      description = "Also write the first N training batches of epoch 1 and Kiln's results on"
          + " them (default 0).")
  int dumpBatches;

  @Option(names = "--source", paramLabel = "PATH_OR_URL",
      description = "Where to prepare the dataset from if it is missing (as ./kiln prepare).")
  String source;

  @Mixin DataDirOption dataDir;

  /** Set in the child JVM: the directory XLA dumps into, and where to write the programs. */
  @Option(names = "--xla-dump-dir", hidden = true)
  Path xlaDumpDir;

  @Override
  public Integer call() throws Exception {
    if ((preset == null) == (workdir == null)) {
      throw new UserError("give either --preset NAME or --workdir DIR");
    }
    if (!overrides.isEmpty() && preset == null) {
      throw new UserError("--set changes a preset's config; a --workdir is compiled with its own");
    }
    if (dumpBatches < 0) {
      throw new UserError("--dump-batches must not be negative, got " + dumpBatches);
    }
    return xlaDumpDir == null ? CompileChild.run(spec, out) : compile();
  }

  /** In the child JVM: builds the model, runs every step once, writes the program directory. */
  private int compile() throws IOException {
    PrintWriter log = spec.commandLine().getOut();
    Path target = xlaDumpDir.getParent();
    Config config = preset != null
        ? Presets.named(preset).config().withOverrides(overrides)
        : TrainedWorkdir.config(workdir);
    if (Classifiers.isTfidf(config)) {
      throw new UserError("compile takes text classifier presets; " + config.preset()
          + " (TF-IDF + logistic regression) is not one yet");
    }
    if (workdir != null) {
      PretrainedEncoder.requireClassifier(config, workdir);
    }
    List<LabelledText> train = List.of();
    if (preset != null || dumpBatches > 0) {
      train = TrainCommand.read(RunStart.prepared(config, source, dataDir.resolve(), log), config,
          config.getString("train_split"));
    }
    ClassifierTokenizer tokenizer = workdir != null
        ? ClassifierTokenizer.load(config, workdir) : ClassifierTokenizer.fit(config, train);
    Optional<Path> from = workdir == null ? Optional.empty() : Optional.of(CheckpointChoice.prefix(
        workdir.resolve(RunWorkdir.CHECKPOINT_DIR), checkpoint));
    log.printf(Locale.ROOT, "Compiling %s's steps with XLA (TensorFlow %s)%s%n", config.preset(),
        TensorFlow.version(), from.map(p -> " from " + p).orElse(""));
    log.flush();
    List<String> names = TextClassifierPrograms.compile(config, tokenizer, from, train,
        dumpBatches, xlaDumpDir, target, info(config, from), log);
    log.printf(Locale.ROOT, "Wrote %d programs (%s ... %s), manifest.json, parameters/ckpt and parameters/*.npy%n",
        names.size(), names.get(0), names.get(names.size() - 1));
    return 0;
  }

  /** TF Java's version from its jar's Maven metadata (its manifest has none). */
  private static String tensorFlowJavaVersion() {
    try (var in = TensorFlow.class.getResourceAsStream(
        "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      java.util.Properties properties = new java.util.Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private JsonObject info(Config config, Optional<Path> from) {
    JsonObject info = new JsonObject();
    info.addProperty("preset", config.preset());
    info.addProperty("model", config.getString("model"));
    info.addProperty("config_hash", config.with("jit", "xla").hash());
    info.addProperty("batch_size", config.getInt("batch_size"));
    info.addProperty("parameters", TextClassifierPrograms.PARAMETERS);
    info.addProperty("started_from", from.map(Path::toString).orElse("initialisation"));
    if (dumpBatches > 0) {
      info.addProperty("batches", TextClassifierPrograms.BATCHES);
    }
    JsonObject producer = new JsonObject();
    producer.addProperty("tensorflow", TensorFlow.version());
    producer.addProperty("xla", "the XLA inside TensorFlow " + TensorFlow.version()
        + " (XLA_CPU_JIT), before its CPU-specific passes");
    producer.addProperty("tensorflow_java", tensorFlowJavaVersion());
    String kiln = Kiln.class.getPackage().getImplementationVersion();
    producer.addProperty("kiln", kiln == null ? "development build" : kiln);
    info.add("producer", producer);
    info.add("config", JsonParser.parseString(config.with("jit", "xla").toJson())
        .getAsJsonObject().get("config"));
    return info;
  }
}
