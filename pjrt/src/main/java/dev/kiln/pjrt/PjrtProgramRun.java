package dev.kiln.pjrt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a {@code ./kiln compile --dump-batches N} program directory through a PJRT plugin, with
 * no TensorFlow: the N train steps chained, variables donated and kept on the device, each
 * step's loss sum compared with what Kiln's own XLA step computed ({@code reference.jsonl}),
 * and the seconds a step takes.
 *
 * <pre>
 * java -cp kiln-pjrt.jar:gson.jar dev.kiln.pjrt.PjrtProgramRun PROGRAM_DIR
 *     [--pjrt-plugin PATH] [--format hlo|mlir] [--steps N] [--loss-rtol 1e-5]
 *     [--compile-options FILE] [--device INDEX]
 * </pre>
 *
 * Exit status: 0 every loss within tolerance (PASS), 1 not (FAIL), 2 bad input or a PJRT error
 * (one line on stderr).
 */
public final class PjrtProgramRun {
  private PjrtProgramRun() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The whole command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Options o = Options.parse(args);
      return run(o, out);
    } catch (IOException | PjrtException | IllegalArgumentException e) {
      err.println("pjrt-run: " + e.getMessage());
      return 2;
    }
  }

  record Options(Path dir, Optional<Path> plugin, String format, int steps, double lossRtol,
      Optional<Path> compileOptions, int device) {
    static Options parse(String[] args) {
      Path dir = null;
      Optional<Path> plugin = Optional.empty();
      Optional<Path> compileOptions = Optional.empty();
      String format = "hlo";
      int steps = Integer.MAX_VALUE;
      double rtol = 1e-5;
      int device = 0;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--pjrt-plugin" -> plugin = Optional.of(Path.of(value(args, ++i, a)));
          case "--format" -> format = value(args, ++i, a);
          case "--steps" -> steps = Integer.parseInt(value(args, ++i, a));
          case "--loss-rtol" -> rtol = Double.parseDouble(value(args, ++i, a));
          case "--compile-options" -> compileOptions = Optional.of(Path.of(value(args, ++i, a)));
          case "--device" -> device = Integer.parseInt(value(args, ++i, a));
          default -> {
            if (a.startsWith("--") || dir != null) {
              throw new IllegalArgumentException("unknown argument " + a + "; usage: PjrtProgramRun"
                  + " PROGRAM_DIR [--pjrt-plugin PATH] [--format hlo|mlir] [--steps N]"
                  + " [--loss-rtol X] [--compile-options FILE] [--device INDEX]");
            }
            dir = Path.of(a);
          }
        }
      }
      if (dir == null) {
        throw new IllegalArgumentException("give a program directory (./kiln compile --out DIR"
            + " --dump-batches N)");
      }
      if (!format.equals("hlo") && !format.equals("mlir")) {
        throw new IllegalArgumentException("--format " + format + ": hlo or mlir");
      }
      return new Options(dir, plugin, format, steps, rtol, compileOptions, device);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }

  static int run(Options o, PrintStream out) throws IOException {
    ProgramDirectory programs = ProgramDirectory.open(o.dir());
    List<ProgramDirectory.Reference> references = programs.references();
    int n = Math.min(o.steps(), references.size());
    Path pluginPath = PluginDiscovery.ofSystem().find(o.plugin());
    PjrtPlugin plugin = PjrtPlugin.load(pluginPath);
    byte[] compileOptions = o.compileOptions().isPresent()
        ? Files.readAllBytes(o.compileOptions().get()) : CompileOptions.singleDevice();
    try (PjrtClient client = plugin.createClient()) {
      List<PjrtDevice> devices = client.devices();
      if (o.device() < 0 || o.device() >= devices.size()) {
        throw new IllegalArgumentException("--device " + o.device() + ": the plugin has "
            + devices.size() + " devices");
      }
      PjrtDevice device = devices.get(o.device());
      out.printf(Locale.ROOT, "plugin %s (PJRT C API %s), platform %s %s, %s%n", pluginPath,
          plugin.apiVersion(), client.platformName(), client.platformVersion(), device);
      double worst = 0;
      int worstStep = -1;
      List<Double> steady = new ArrayList<>();
      long start = System.nanoTime();
      try (StepChain chain = new StepChain(programs, client, device, o.format(), compileOptions)) {
        for (int i = 0; i < n; i++) {
          ProgramDirectory.Reference ref = references.get(i);
          StepChain.StepResult r = chain.step(ref.step(), ref.program());
          double rel = Math.abs(r.lossSum() - ref.lossSum()) / Math.max(Math.abs(ref.lossSum()), 1e-30);
          if (!(rel <= worst)) {
            worst = rel;
            worstStep = ref.step();
          }
          if (!r.firstRunOfProgram()) {
            steady.add(r.seconds());
          }
          out.printf(Locale.ROOT, "step %d %s: loss sum %.6f here, %.6f Kiln (rel. diff %.2e),"
              + " correct %.0f / %.0f, %.4f s%s%n", ref.step(), ref.program(), r.lossSum(),
              ref.lossSum(), rel, r.correct(), r.weight(), r.seconds(),
              r.firstRunOfProgram() ? " (first run of this program)" : "");
        }
        double total = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%d steps in %.2f s, of which %.2f s compiling; seconds per step"
            + " (each program's first run left out, %d steps): median %.5f, mean %.5f%n", n,
            total, chain.compileSeconds(), steady.size(), median(steady), mean(steady));
      }
      out.printf(Locale.ROOT, "largest loss difference: %.2e relative at step %d (tolerance %g)%n",
          worst, worstStep, o.lossRtol());
      boolean pass = n > 0 && worst <= o.lossRtol();
      out.println(pass ? "PASS" : "FAIL");
      return pass ? 0 : 1;
    }
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
