package dev.kiln.pjrt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a program directory's train steps one after another on one device, the way training
 * would: every variable is copied to the device once, each step's aliased variables are donated
 * and replaced by the step's outputs, so they stay on the device; only the batch goes in and the
 * three metric sums come out.
 */
public final class StepChain implements AutoCloseable {
  /** What one step returned, and how long it took (batch upload, execution, sums back). */
  public record StepResult(int step, String program, double lossSum, double correct,
      double weight, double seconds, boolean firstRunOfProgram) {}

  private final ProgramDirectory programs;
  private final PjrtClient client;
  private final PjrtDevice device;
  private final String format;
  private final byte[] compileOptions;
  private final Map<String, PjrtExecutable> executables = new HashMap<>();
  private final Map<String, PjrtBuffer> variables = new LinkedHashMap<>();
  private double compileSeconds;

  /** Copies every starting parameter to {@code device}. */
  public StepChain(ProgramDirectory programs, PjrtClient client, PjrtDevice device,
      String format, byte[] compileOptions) throws IOException {
    this.programs = programs;
    this.client = client;
    this.device = device;
    this.format = format;
    this.compileOptions = compileOptions;
    try {
      for (String name : programs.parameterNames()) {
        variables.put(name, client.toDevice(programs.parameter(name), device));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Seconds spent compiling so far. */
  public double compileSeconds() {
    return compileSeconds;
  }

  /** Runs batch {@code step} through {@code programName}. */
  public StepResult step(int step, String programName) throws IOException {
    ProgramDirectory.Program program = programs.program(programName);
    boolean first = !executables.containsKey(programName);
    PjrtExecutable executable = executable(program);
    long start = System.nanoTime();
    List<PjrtBuffer> inputs = new ArrayList<>();
    List<PjrtBuffer> arguments = new ArrayList<>();
    Set<Integer> keep = new HashSet<>();
    List<PjrtBuffer> outputs = List.of();
    try {
      for (ProgramDirectory.Value p : program.parameters()) {
        if (p.isVariable()) {
          PjrtBuffer v = variables.get(p.name());
          if (v == null) {
            throw new IOException(programName + " takes variable " + p.name()
                + ", which parameters/ does not hold");
          }
          arguments.add(v);
        } else {
          PjrtBuffer b = client.toDevice(checked(programs.batchInput(step, p.name()), p, step),
              device);
          inputs.add(b);
          arguments.add(b);
          keep.add(arguments.size() - 1);
        }
      }
      if (program.outputs().size() != executable.numOutputs()) {
        throw new IOException(programName + ": the manifest lists " + program.outputs().size()
            + " results, the compiled program has " + executable.numOutputs());
      }
      outputs = executable.execute(arguments, keep);
      Map<String, Double> sums = new HashMap<>();
      for (ProgramDirectory.Value o : program.outputs()) {
        PjrtBuffer out = outputs.get(o.index());
        if (o.isVariable()) {
          String name = program.parameters().get(o.parameter()).name();
          PjrtBuffer old = variables.put(name, out);
          if (old != null && old != out) {
            old.close(); // donated to this step: its memory is now `out`'s
          }
        } else if (o.shape().length == 0) {
          sums.put(o.name(), out.toHost().number(0));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new StepResult(step, programName, sums.getOrDefault("loss_sum", Double.NaN),
          sums.getOrDefault("correct", Double.NaN), sums.getOrDefault("weight", Double.NaN),
          seconds, first);
    } finally {
      for (ProgramDirectory.Value o : program.outputs()) {
        if (!o.isVariable() && o.index() < outputs.size()) {
          outputs.get(o.index()).close();
        }
      }
      inputs.forEach(PjrtBuffer::close);
    }
  }

  /** The current value of variable {@code name}, copied to the host. */
  public HostArray variable(String name) {
    return variables.get(name).toHost();
  }

  private PjrtExecutable executable(ProgramDirectory.Program program) throws IOException {
    PjrtExecutable e = executables.get(program.name());
    if (e == null) {
      byte[] code = programs.code(program, format);
      long start = System.nanoTime();
      e = client.compile(code, format, compileOptions);
      compileSeconds += (System.nanoTime() - start) / 1e9;
      executables.put(program.name(), e);
    }
    return e;
  }

  private static HostArray checked(HostArray a, ProgramDirectory.Value p, int step)
      throws IOException {
    if (!a.type().hlo().equals(p.dtype()) || !java.util.Arrays.equals(a.dims(), p.shape())) {
      throw new IOException("batch " + step + " input " + p.name() + " is " + a + ", the program"
          + " takes " + p.dtype() + java.util.Arrays.toString(p.shape()));
    }
    return a;
  }

  @Override
  public void close() {
    variables.values().forEach(PjrtBuffer::close);
    variables.clear();
    executables.values().forEach(PjrtExecutable::close);
    executables.clear();
  }
}
