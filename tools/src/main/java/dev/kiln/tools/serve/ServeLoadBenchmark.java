package dev.kiln.tools.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Load on {@code ./kiln serve} over loopback, printed as a markdown table: one-sentence requests
 * from 8 concurrent clients, 64-sentence requests, and one client alone (what batching costs at
 * low load), each with batching off and on, over REST and over gRPC (both served by one process);
 * then the resident memory of the batching server before and after {@code --rss-requests} more
 * requests. Each transport is first warmed up with {@code --warm-up-requests} from every client
 * (the JIT compilers of both JVMs took about 0.4 of a core for 10 s after a 400-request warm-up
 * here). Every run is bounded by a request count and {@code --max-seconds}; the servers are
 * stopped with SIGTERM and their exit codes printed.
 *
 * <pre>
 * ServeLoadBenchmark --model-base-path BASE [--kiln PATH] [--out DIR] [--sentences FILE]
 *     [--clients 8] [--requests 8000] [--large-requests 400] [--low-load-requests 500]
 *     [--warm-up-requests 4000] [--rss-requests 100000] [--max-seconds 120] [--rss-max-seconds 600]
 *     [--batching "--max-batch-size 32 ..."] [--plain false (skips the server without batching)]
 * </pre>
 */
public final class ServeLoadBenchmark {
  /** Used without {@code --sentences}: short movie-review sentences, as SST-2's. */
  private static final List<String> SENTENCES = List.of(
      "a gorgeous , witty , seductive movie .", "it 's a bad sign when you 're rooting for the villain .",
      "the acting is fine but the script is about as interesting as a recording of conversations .",
      "one of the greatest family-oriented , fantasy-adventure movies ever .",
      "too slow , too boring , and occasionally annoying .", "a moving and important film .",
      "the plot is nothing but boilerplate clichés from start to finish .",
      "an utterly charming and hilarious film that reminded me of the best of the disney comedies .",
      "it never fails to engage us .", "the movie is loaded with good intentions , but in his zeal"
          + " to squeeze the action and our emotions into the all-too-familiar dramatic arc of the"
          + " holocaust escape story , minac drains his movie of all individuality .",
      "exquisitely nuanced in mood tics and dialogue .", "a dull , simple-minded and stereotypical"
          + " tale of drugs , death and mind-numbing indifference on the inner-city streets .",
      "uplifting , funny and wise .", "the film is strictly routine .",
      "a masterpiece four years in the making .", "everything is off .");

  private ServeLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    List<String> corpus = options.sentences == null ? SENTENCES : readSentences(options.sentences);
    Files.createDirectories(options.out);
    List<String> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (boolean batching : new boolean[] {false, true}) {
      if (!batching && !options.plain) {
        continue;
      }
      List<String> serveOptions = batching ? options.batchingOptions() : List.of();
      String name = batching ? "batching on" : "batching off";
      try (ServerProcess server = new ServerProcess(options.kiln, options.basePath, serveOptions,
          options.out.resolve((batching ? "batching" : "plain") + ".log"))) {
        PredictClient.Factory rest = RestPredictClient.factory(server.modelUrl());
        for (PredictClient.Factory transport : List.of(rest, server.grpcClients())) {
          log(name + ", " + transport.transport() + ": warming up");
          LoadRun.run(transport, corpus, options.clients, 1, options.warmUpRequests,
              options.maxSeconds);
          rows.add(row(name, transport, LoadRun.run(transport, corpus, 1, 1,
              options.lowLoadRequests, options.maxSeconds)));
          rows.add(row(name, transport, LoadRun.run(transport, corpus, options.clients, 1,
              options.requests, options.maxSeconds)));
          rows.add(row(name, transport, LoadRun.run(transport, corpus, options.clients, 64,
              options.largeRequests, options.maxSeconds)));
        }
        if (batching) {
          notes.add(batchSizes(server, "every request above, REST and gRPC, warm-ups included"));
        }
        if (batching && options.rssRequests > 0) {
          long before = server.residentMib();
          log(name + ": " + options.rssRequests + " requests for the resident memory");
          LoadRun.Result result = LoadRun.run(rest, corpus, options.clients, 1,
              options.rssRequests, options.rssMaxSeconds);
          long after = server.residentMib();
          notes.add(String.format(Locale.ROOT, "Resident memory of the batching server: %d MiB"
              + " before and %d MiB after %s more one-sentence requests (%s).", before, after,
              result.requests(), result.summary()));
        }
        notes.add(name + " server: exit code " + server.stop() + " after SIGTERM");
      }
    }
    System.out.println("| server | transport | clients | sentences/request | requests | req/s"
        + " | p50 ms | p99 ms | max ms | 5xx | other errors |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println();
    notes.forEach(System.out::println);
  }

  private static String row(String server, PredictClient.Factory factory, LoadRun.Result r) {
    log(server + ", " + r.clients() + " clients x " + r.sentencesPerRequest() + " sentences: "
        + r.summary());
    return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %d"
        + " | %d |", server, factory.transport(), r.clients(), r.sentencesPerRequest(),
        r.requests(), r.requestsPerSecond(), r.percentileMillis(50), r.percentileMillis(99),
        r.percentileMillis(100), r.serverErrors(), r.otherErrors());
  }

  /** The mean rows per merged session run so far, from the server's metrics. */
  private static String batchSizes(ServerProcess server, String what) throws Exception {
    double runs = server.metric("kiln_serving_batch_size_count");
    double rows = server.metric("kiln_serving_batch_size_sum");
    return String.format(Locale.ROOT, "Batching server, %s: %.0f rows in %.0f session runs,"
        + " %.2f rows per run.", what, rows, runs, runs == 0 ? 0 : rows / runs);
  }

  private static void log(String message) {
    System.err.println("serve-benchmark: " + message);
  }

  /** One sentence per line; a TSV's first column, without a "sentence" header. */
  private static List<String> readSentences(Path file) throws Exception {
    List<String> sentences = Files.readAllLines(file).stream()
        .map(line -> line.split("\t", 2)[0].strip())
        .filter(line -> !line.isEmpty() && !line.equals("sentence"))
        .collect(Collectors.toList());
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("--sentences " + file + " has no sentences");
    }
    return sentences;
  }

  private static final class Options {
    Path basePath;
    Path kiln = Path.of("kiln");
    Path out = Path.of("runs", "serve-benchmark");
    Path sentences;
    int clients = 8;
    int requests = 8000;
    int largeRequests = 400;
    int lowLoadRequests = 500;
    int warmUpRequests = 4000;
    int rssRequests = 100_000;
    double maxSeconds = 120;
    double rssMaxSeconds = 600;
    String batching = "";
    boolean plain = true;

    List<String> batchingOptions() {
      List<String> list = new ArrayList<>(List.of("--enable-batching"));
      for (String part : batching.strip().split("\\s+")) {
        if (!part.isEmpty()) {
          list.add(part);
        }
      }
      return list;
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--model-base-path" -> o.basePath = Path.of(value);
          case "--kiln" -> o.kiln = Path.of(value);
          case "--out" -> o.out = Path.of(value);
          case "--sentences" -> o.sentences = Path.of(value);
          case "--clients" -> o.clients = Integer.parseInt(value);
          case "--requests" -> o.requests = Integer.parseInt(value);
          case "--large-requests" -> o.largeRequests = Integer.parseInt(value);
          case "--low-load-requests" -> o.lowLoadRequests = Integer.parseInt(value);
          case "--warm-up-requests" -> o.warmUpRequests = Integer.parseInt(value);
          case "--rss-requests" -> o.rssRequests = Integer.parseInt(value);
          case "--max-seconds" -> o.maxSeconds = Double.parseDouble(value);
          case "--rss-max-seconds" -> o.rssMaxSeconds = Double.parseDouble(value);
          case "--batching" -> o.batching = value;
          case "--plain" -> o.plain = Boolean.parseBoolean(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (o.basePath == null) {
        throw new IllegalArgumentException("--model-base-path is required");
      }
      return o;
    }
  }
}
