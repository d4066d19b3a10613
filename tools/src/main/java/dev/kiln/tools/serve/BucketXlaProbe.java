package dev.kiln.tools.serve;

import com.google.protobuf.ByteString;
import dev.kiln.framework.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * Would XLA make a bucketed export's session runs cheaper? Loads the {@code serve} graph of an
 * export with a {@code bucketed_logits} Case op, adds two calls of one bucket's function (the
 * executor's, and one with {@code _XlaMustCompile}), restores the variables, and times, on the
 * same token ids: the {@code Case} op, the plain call and the XLA call, printing a markdown table
 * of milliseconds per run and the largest difference between the XLA and executor logits.
 *
 * <pre>
 * BucketXlaProbe VERSION_DIR [--length 12] [--rows 1,8,32] [--intra-op 1] [--runs 300]
 * </pre>
 */
public final class BucketXlaProbe {
  private static final int WARM_UP_RUNS = 30;

  private BucketXlaProbe() {}

  public static void main(String[] args) throws Exception {
    String dirArgument = null;
    int length = 12;
    int intraOp = 1;
    int runs = 300;
    List<Integer> rowCounts = List.of(1, 8, 32);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--length" -> length = Integer.parseInt(args[++i]);
        case "--intra-op" -> intraOp = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--rows" -> rowCounts = parseList(args[++i]);
        default -> dirArgument = args[i];
      }
    }
    if (dirArgument == null) {
      throw new IllegalArgumentException("usage: BucketXlaProbe VERSION_DIR [--length N]"
          + " [--rows 1,8,32] [--intra-op N] [--runs N]");
    }
    Path dir = Path.of(dirArgument);
    MetaGraphDef meta = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")))
        .getMetaGraphs(0);
    GraphDef.Builder graph = meta.getGraphDef().toBuilder();
    NodeDef lengthCase = graph.getNodeList().stream().filter(n -> n.getOp().equals("Case"))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(dir + " has no Case op"));
    List<NameAttrList> branches = lengthCase.getAttrMap().get("branches").getList()
        .getFuncList();
    int width = (int) meta.getSignatureDefMap().get("token_ids").getInputsMap().get("token_ids")
        .getTensorShape().getDim(1).getSize();
    NameAttrList branch = branches.get(branchFor(branches, length));
    graph.addNode(placeholder("probe_ids")).addNode(placeholder("probe_lengths"));
    // the Case's inputs: branch index, token ids, lengths, then the variables' resources
    List<String> variables = lengthCase.getInputList().subList(3, lengthCase.getInputCount());
    graph.addNode(call("probe_plain", branch, lengthCase, variables, false));
    graph.addNode(call("probe_xla", branch, lengthCase, variables, true));

    System.out.printf(Locale.ROOT, "Bucket function %s, length %d, intra-op threads %d%n%n",
        branch.getName(), length, intraOp);
    System.out.println("| rows | Case (executor) ms | bucket call (executor) ms"
        + " | bucket call (XLA) ms | largest logit difference |");
    System.out.println("|---|---|---|---|---|");
    try (Graph g = new Graph()) {
      g.importGraphDef(graph.build());
      try (Session session = Sessions.create(g, intraOp, 1)) {
        try (TString prefix = TString.scalarOf(dir.resolve("variables/variables").toString())) {
          session.runner().feed(meta.getSaverDef().getFilenameTensorName(), prefix)
              .addTarget(meta.getSaverDef().getRestoreOpName()).run();
        }
        for (int rows : rowCounts) {
          int[][] ids = new int[rows][width];
          int[] lengths = new int[rows];
          for (int r = 0; r < rows; r++) {
            lengths[r] = length;
            for (int t = 0; t < length; t++) {
              ids[r][t] = 5 + t + r;
            }
          }
          try (TInt32 idTensor = TInt32.tensorOf(StdArrays.ndCopyOf(ids));
              TInt32 lengthTensor = TInt32.vectorOf(lengths)) {
            double[] millis = new double[3];
            float[][] logits = new float[3][];
            String[] fetches = {lengthCase.getName(), "probe_plain", "probe_xla"};
            for (int k = 0; k < 3; k++) {
              boolean probe = k > 0;
              for (int i = 0; i < WARM_UP_RUNS; i++) {
                logits[k] = run(session, fetches[k], probe, idTensor, lengthTensor);
              }
              long start = System.nanoTime();
              for (int i = 0; i < runs; i++) {
                run(session, fetches[k], probe, idTensor, lengthTensor);
              }
              millis[k] = (System.nanoTime() - start) / (runs * 1e6);
            }
            double difference = 0;
            for (int i = 0; i < rows; i++) {
              difference = Math.max(difference, Math.abs(logits[2][i] - logits[1][i]));
            }
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.1e |%n", rows,
                millis[0], millis[1], millis[2], difference);
          }
        }
      }
    }
  }

  private static float[] run(Session session, String fetch, boolean probe, TInt32 ids,
      TInt32 lengths) {
    try (Result result = session.runner().feed(probe ? "probe_ids" : "token_ids", ids)
        .feed(probe ? "probe_lengths" : "lengths", lengths).fetch(fetch).run()) {
      TFloat32 out = (TFloat32) result.get(0);
      float[] values = new float[(int) out.shape().get(0)];
      for (int i = 0; i < values.length; i++) {
        values[i] = out.getFloat(i);
      }
      return values;
    }
  }

  /** The branch LengthCase would pick: the first whose padded length (t&lt;L&gt;_) covers it. */
  private static int branchFor(List<NameAttrList> branches, int length) {
    for (int i = 0; i < branches.size(); i++) {
      String name = branches.get(i).getName();
      int padded = Integer.parseInt(name.replaceFirst(".*_t(\\d+)_.*", "$1"));
      if (padded >= length) {
        return i;
      }
    }
    return branches.size() - 1;
  }

  private static NodeDef placeholder(String name) {
    return NodeDef.newBuilder().setName(name).setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build();
  }

  private static NodeDef call(String name, NameAttrList function, NodeDef lengthCase,
      List<String> variables, boolean xla) {
    AttrValue empty = AttrValue.newBuilder().setS(ByteString.EMPTY).build();
    NodeDef.Builder call = NodeDef.newBuilder().setName(name).setOp("StatefulPartitionedCall")
        .addInput("probe_ids").addInput("probe_lengths").addAllInput(variables)
        .putAttr("Tin", lengthCase.getAttrMap().get("Tin"))
        .putAttr("Tout", lengthCase.getAttrMap().get("Tout"))
        .putAttr("f", AttrValue.newBuilder().setFunc(function).build())
        .putAttr("config", empty).putAttr("config_proto", empty).putAttr("executor_type", empty);
    if (xla) {
      call.putAttr("_XlaMustCompile", AttrValue.newBuilder().setB(true).build());
    }
    return call.build();
  }

  private static List<Integer> parseList(String value) {
    List<Integer> values = new ArrayList<>();
    for (String part : value.split(",")) {
      values.add(Integer.parseInt(part.strip()));
    }
    return values;
  }
}
