package dev.kiln.pjrt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A compiled program, loaded on the client's devices. Close it. */
public final class PjrtExecutable implements AutoCloseable {
  private final PjrtClient client;
  private long executable;
  private final int outputs;

  PjrtExecutable(PjrtClient client, long executable) {
    this.client = client;
    this.executable = executable;
    try {
      this.outputs = Math.toIntExact(PjrtNative.numOutputs(client.api, executable));
    } catch (RuntimeException e) {
      PjrtNative.executableDestroy(client.api, executable);
      throw e;
    }
  }

  /** How many buffers one execution returns (a tuple result comes back as its elements). */
  public int numOutputs() {
    return outputs;
  }

  /**
   * Runs the program on the device its arguments are on and waits for it to finish. Every
   * argument the program aliases to an output ({@code input_output_alias}, as Kiln's steps do for
   * each variable) is donated: its memory becomes that output's, and the argument
   * {@link PjrtBuffer#isDeleted is deleted} (still to be closed), unless listed in
   * {@code keep}.
   *
   * @param keep indices of arguments that must not be donated
   * @return the outputs, which the caller closes
   * @throws PjrtException with the plugin's message, if launching or running fails
   */
  public List<PjrtBuffer> execute(List<PjrtBuffer> arguments, Set<Integer> keep) {
    long[] handles = new long[arguments.size()];
    for (int i = 0; i < handles.length; i++) {
      handles[i] = arguments.get(i).handle();
    }
    long[] kept = keep.stream().mapToLong(Integer::longValue).sorted().toArray();
    long[] out = PjrtNative.execute(client.api, handle(), handles, outputs, kept);
    List<PjrtBuffer> result = new ArrayList<>(out.length);
    for (long b : out) {
      result.add(new PjrtBuffer(client.api, b));
    }
    return result;
  }

  /** {@link #execute(List, Set)} donating every aliased argument. */
  public List<PjrtBuffer> execute(List<PjrtBuffer> arguments) {
    return execute(arguments, Set.of());
  }

  private long handle() {
    if (executable == 0) {
      throw new IllegalStateException("the PJRT executable is closed");
    }
    return executable;
  }

  @Override
  public void close() {
    if (executable != 0) {
      long e = executable;
      executable = 0;
      PjrtNative.executableDestroy(client.api, e);
    }
  }
}
