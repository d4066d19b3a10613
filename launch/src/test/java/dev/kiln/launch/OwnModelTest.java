package dev.kiln.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.framework.config.Config;
import dev.kiln.models.ModelFamily;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArray;

/**
 * The README's "Your own model": the example under {@code docs/examples/own-model}, compiled apart
 * from Kiln against Kiln's classes, found on the class path by its {@code META-INF/services} file
 * and trained by {@code kiln train --preset sst2-bag-of-words} like a preset of Kiln's own.
 */
class OwnModelTest {
  private static final Path EXAMPLE = Path.of("..", "docs", "examples", "own-model");

  @TempDir Path temp;

  @Test
  void readmeShowsTheExampleAsItIs() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (Path file : exampleFiles()) {
      assertTrue(readme.contains(Files.readString(file).strip()),
          "README.md does not show " + file + " as it is");
    }
  }

  @Test
  void aModelFamilyOnTheClassPathTrainsWithKilnTrain() throws Exception {
    Path classes = Files.createDirectories(temp.resolve("classes"));
    compile(classes);
    Path services = EXAMPLE.resolve("META-INF/services/" + ModelFamily.class.getName());
    Path copied = classes.resolve("META-INF/services/" + ModelFamily.class.getName());
    Files.createDirectories(copied.getParent());
    Files.copy(services, copied);

    Path tsv = Sst2Tsvs.write(temp.resolve("sst2"), 300);
    Path workdir = temp.resolve("run");
    Thread thread = Thread.currentThread();
    ClassLoader kiln = thread.getContextClassLoader();
    try (URLClassLoader withExample =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, kiln)) {
      thread.setContextClassLoader(withExample);
      CommandRun presets = CommandRun.of("presets");
      assertTrue(presets.out().contains("sst2-bag-of-words"), presets.out());
      CommandRun train = CommandRun.of("train", "--preset", "sst2-bag-of-words", "--source",
          tsv.toString(), "--data-dir", temp.resolve("tfds").toString(), "--workdir",
          workdir.toString(), "--set", "num_epochs=2", "--set", "embedding_size=16",
          "--set", "batch_size=16", "--set", "min_freq=1", "--set", "learning_rate=0.05");
      assertEquals(0, train.exitCode(), train.err());
      assertTrue(train.out().contains("Training sst2-bag-of-words"), train.out());
      String best = train.out().lines().filter(l -> l.startsWith("Best epoch")).findFirst()
          .orElseThrow();
      assertTrue(best.contains("dev accuracy 100.00%"), best); // one cue word decides the label
    } finally {
      thread.setContextClassLoader(kiln);
    }
    assertEquals(2, Files.readAllLines(workdir.resolve("metrics.jsonl")).size());
    assertTrue(Files.exists(workdir.resolve("checkpoints/state.json")));
    // Without the example on the class path, Kiln knows no such preset.
    CommandRun unknown = CommandRun.of("train", "--preset", "sst2-bag-of-words", "--workdir",
        temp.resolve("other").toString());
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown preset 'sst2-bag-of-words'"), unknown.err());
  }

  private static List<Path> exampleFiles() throws Exception {
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Compiles the example's sources against Kiln's and TensorFlow Java's classes only. */
  private static void compile(Path classes) throws Exception {
    String classPath = Stream.of(ModelFamily.class, Config.class, Operand.class, NdArray.class)
        .map(c -> {
          try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })
        .distinct().collect(Collectors.joining(File.pathSeparator));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath));
    for (Path file : exampleFiles()) {
      if (file.toString().endsWith(".java")) {
        args.add(file.toString());
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)),
        "javac " + String.join(" ", args));
  }
}
