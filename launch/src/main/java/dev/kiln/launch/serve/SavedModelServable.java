package dev.kiln.launch.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFInvalidArgumentException;

/**
 * A SavedModel's {@code serve} graph, run through its session: each prediction feeds the
 * signature's input tensors by graph name and fetches its outputs. Every tensor it creates or
 * receives is closed before {@link #predict} returns.
 */
public final class SavedModelServable implements Servable {
  /** The tag of the graph TensorFlow Serving loads. */
  public static final String SERVE_TAG = "serve";

  /** The key under which TF 2 SavedModels keep their init op: not a callable signature. */
  static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  private final SavedModelBundle bundle;
  private final Map<String, SignatureSpec> signatures;
  private final long widestLayer;

  private SavedModelServable(SavedModelBundle bundle) {
    this.bundle = bundle;
    Map<String, SignatureSpec> specs = new TreeMap<>();
    bundle.metaGraphDef().getSignatureDefMap().forEach((key, def) -> {
      if (!key.equals(INIT_OP_SIGNATURE)) {
        specs.put(key, SignatureSpec.of(key, def));
      }
    });
    this.signatures = Collections.unmodifiableMap(specs);
    this.widestLayer = MemoryEstimate.widestLayer(bundle.metaGraphDef().getGraphDef());
  }

  /** Loads the {@code serve} graph of the SavedModel in {@code directory}. */
  public static SavedModelServable load(Path directory) {
    return load(directory, SessionThreads.TENSORFLOW_DEFAULTS);
  }

  /** Loads the {@code serve} graph, its session using {@code threads}. */
  public static SavedModelServable load(Path directory, SessionThreads threads) {
    return new SavedModelServable(SavedModelBundle.loader(directory.toString())
        .withTags(SERVE_TAG).withConfigProto(threads.configProto()).load());
  }

  @Override
  public Map<String, SignatureSpec> signatures() {
    return signatures;
  }

  @Override
  public long widestLayer() {
    return widestLayer;
  }

  @Override
  public Map<String, TensorValue> predict(String signatureKey, Map<String, TensorValue> inputs) {
    SignatureSpec signature = signature(signatureKey);
    signature.checkInputs(inputs);
    List<Tensor> fed = new ArrayList<>();
    try {
      Session.Runner runner = bundle.session().runner();
      signature.inputs().forEach((name, spec) -> {
        Tensor tensor = inputs.get(name).toTensor();
        fed.add(tensor);
        runner.feed(spec.tensorName(), tensor);
      });
      List<String> outputNames = new ArrayList<>(signature.outputs().keySet());
      outputNames.forEach(name -> runner.fetch(signature.outputs().get(name).tensorName()));
      try (Result result = run(runner)) {
        Map<String, TensorValue> outputs = new LinkedHashMap<>();
        for (int i = 0; i < outputNames.size(); i++) {
          outputs.put(outputNames.get(i), TensorValue.of(result.get(i)));
        }
        return outputs;
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** Runs the session; TensorFlow's verdict on bad input values becomes its first line. */
  private static Result run(Session.Runner runner) {
    try {
      return runner.run();
    } catch (TFInvalidArgumentException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()).lines().findFirst()
          .orElse("invalid argument"));
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
