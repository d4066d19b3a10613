package dev.kiln.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PjrtProgramRun on a program directory laid out as ./kiln compile writes one, whose program is
 * the test double's {@code kiln_step}: its loss depends on the order of the variables, which the
 * manifest lists differently from {@code parameter_arrays}, so a mix-up shows.
 */
@Timeout(60)
class PjrtProgramRunTest {
  @TempDir Path dir;

  private static final int STEPS = 3;

  /** Writes the directory; {@code lossScale} distorts the reference to make the check fail. */
  private void writeProgramDirectory(double lossScale) throws IOException {
    Files.writeString(dir.resolve("train_step_t4.hlo.pb"), "kiln_step 4 3");
    Files.writeString(dir.resolve("manifest.json"), """
        {"format": "kiln-xla-programs", "version": 1,
         "parameter_arrays": [
           {"name": "a", "file": "parameters/a.npy", "dtype": "s64", "shape": []},
           {"name": "b", "file": "parameters/b.npy", "dtype": "f32", "shape": [3]},
           {"name": "c", "file": "parameters/c.npy", "dtype": "f32", "shape": [2, 2]}],
         "programs": [{"name": "train_step_t4", "kind": "train", "length": 4,
           "hlo": "train_step_t4.hlo.pb",
           "parameters": [
             {"role": "input", "name": "token_ids", "dtype": "s32", "shape": [2, 4], "index": 0},
             {"role": "input", "name": "lengths", "dtype": "s32", "shape": [2], "index": 1},
             {"role": "input", "name": "labels", "dtype": "f32", "shape": [2], "index": 2},
             {"role": "input", "name": "weights", "dtype": "f32", "shape": [2], "index": 3},
             {"role": "variable", "name": "b", "dtype": "f32", "shape": [3], "index": 4},
             {"role": "variable", "name": "a", "dtype": "s64", "shape": [], "index": 5},
             {"role": "variable", "name": "c", "dtype": "f32", "shape": [2, 2], "index": 6}],
           "outputs": [
             {"role": "output", "name": "loss_sum", "dtype": "f32", "shape": [], "index": 0},
             {"role": "output", "name": "correct", "dtype": "f32", "shape": [], "index": 1},
             {"role": "output", "name": "weight", "dtype": "f32", "shape": [], "index": 2},
             {"role": "variable", "name": "b", "dtype": "f32", "shape": [3], "index": 3, "parameter": 4},
             {"role": "variable", "name": "a", "dtype": "s64", "shape": [], "index": 4, "parameter": 5},
             {"role": "variable", "name": "c", "dtype": "f32", "shape": [2, 2], "index": 5, "parameter": 6}]}]}
        """);
    Files.createDirectories(dir.resolve("parameters"));
    write(dir.resolve("parameters/a.npy"), HostArray.ofLongs(new long[] {5}));
    write(dir.resolve("parameters/b.npy"), HostArray.ofFloats(new float[] {1, 2, 3}, 3));
    write(dir.resolve("parameters/c.npy"), HostArray.ofFloats(new float[] {1, 1, 1, 1}, 2, 2));
    List<String> reference = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Path batch = Files.createDirectories(
          dir.resolve("batches").resolve(String.format(Locale.ROOT, "%05d", step)));
      int[] ids = {step, 1, 2, 3, 4, 5, 6, 7};
      write(batch.resolve("token_ids.npy"), HostArray.ofInts(ids, 2, 4));
      write(batch.resolve("lengths.npy"), HostArray.ofInts(new int[] {4, 3}, 2));
      write(batch.resolve("labels.npy"), HostArray.ofFloats(new float[] {1, 0}, 2));
      write(batch.resolve("weights.npy"), HostArray.ofFloats(new float[] {1, 1}, 2));
      // The double's loss: sum(token_ids) + 1·sum(b) + 2·sum(a) + 3·sum(c), in the program's
      // parameter order (b, a, c); every step adds 1 to each variable element.
      double loss = (28 + step) + 1 * (6 + 3 * step) + 2 * (5 + step) + 3 * (4 + 4 * step);
      reference.add(String.format(Locale.ROOT, "{\"step\": %d, \"program\": \"train_step_t4\","
          + " \"length\": 4, \"loss_sum\": %s, \"correct\": 0.0, \"weight\": 8.0}", step,
          loss * lossScale));
    }
    Files.write(dir.resolve("batches/reference.jsonl"), reference);
  }

  private String[] args() {
    return new String[] {dir.toString(), "--pjrt-plugin", TestDouble.path().toString()};
  }

  @Test
  void stepsChainThroughThePluginAndMatchTheReference() throws IOException {
    writeProgramDirectory(1.0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = PjrtProgramRun.run(args(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertTrue(text.contains("step 2 train_step_t4: loss sum 92.000000 here, 92.000000 Kiln"),
        text);
    assertTrue(text.contains("largest loss difference: 0.00e+00"), text);
    assertTrue(text.strip().endsWith("PASS"), text);
  }

  @Test
  void variablesStayOnTheDeviceAcrossSteps() throws IOException {
    writeProgramDirectory(1.0);
    PjrtPlugin plugin = TestDouble.plugin();
    long before = TestDouble.liveObjects(plugin);
    ProgramDirectory programs = ProgramDirectory.open(dir);
    try (PjrtClient client = plugin.createClient();
        StepChain chain = new StepChain(programs, client, client.devices().get(0), "hlo",
            CompileOptions.singleDevice())) {
      for (int step = 0; step < STEPS; step++) {
        StepChain.StepResult r = chain.step(step, "train_step_t4");
        assertEquals(step == 0, r.firstRunOfProgram());
        assertEquals(8.0, r.weight());
      }
      assertArrayEquals(new long[] {5 + STEPS}, chain.variable("a").longs());
      assertArrayEquals(new float[] {4, 5, 6}, chain.variable("b").floats());
    }
    assertEquals(before, TestDouble.liveObjects(plugin), "every buffer and executable freed");
  }

  @Test
  void aWrongReferenceFails() throws IOException {
    writeProgramDirectory(1.001);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = PjrtProgramRun.run(args(), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, text);
    assertTrue(text.strip().endsWith("FAIL"), text);
  }

  @Test
  void aDirectoryThatIsNoProgramDirectoryIsOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = PjrtProgramRun.run(args(), System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status);
    assertEquals("pjrt-run: " + dir + " is not a program directory: no manifest.json (make one"
        + " with ./kiln compile --dump-batches N)", err.toString(StandardCharsets.UTF_8).strip());
  }

  /** A .npy file (format 1.0) holding {@code a}. */
  static void write(Path file, HostArray a) throws IOException {
    String descr = switch (a.type()) {
      case F32 -> "<f4";
      case S32 -> "<i4";
      case S64 -> "<i8";
      default -> throw new IllegalArgumentException(a.toString());
    };
    StringBuilder shape = new StringBuilder();
    for (long d : a.dims()) {
      shape.append(d).append(", ");
    }
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape
        + "), }";
    header = header + " ".repeat((64 - (11 + header.length()) % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + a.data().length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
        .put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.US_ASCII)).put(a.data());
    Files.write(file, b.array());
  }
}
