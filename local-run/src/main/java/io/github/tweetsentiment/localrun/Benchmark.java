package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.SentimentClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * Measures the local pipeline in one JVM, so that its ratios hold on a noisy machine.
 *
 * <pre>{@code
 * java -cp local-run/target/sentiment-pipeline.jar io.github.tweetsentiment.localrun.Benchmark \
 *   [--sizes=5000,20000,100000] [--lateShares=recorded] [--warmupTweets=510] [--batchSize=100] \
 *   [--accurateTweets=5000] [--accurateBatchSize=32] [--profile=true] [--skipAccurate=false] \
 *   [any pipeline option]   # --help lists them
 * }</pre>
 *
 * <ol>
 *   <li>The {@code fast} model over inputs of each size and share of late lines: tweets per second,
 *       and the ratio of the largest run's rate to the smallest's (1.0 is a cost per tweet that
 *       does not grow with the run). A JFR CPU profile of the largest run of each share gives its
 *       top frames and the runner's timer scan.
 *   <li>The bundled demo recording with the {@code accurate} model: pipeline seconds.
 *   <li>The {@code accurate} model through the pipeline beside the embedded service's own batched
 *       throughput on the same tweets, and their ratio.
 * </ol>
 *
 * <p>Inputs are the bundled recording repeated ({@link BenchmarkInputs}): as recorded (about 6 % of
 * the lines out of order), or with a chosen share of lines out of order ({@code --lateShares}).
 */
public final class Benchmark {

  private final PrintStream out;
  private final List<String> pipelineArgs;
  private final Path dir;
  private final BenchmarkInputs inputs;

  private Benchmark(PrintStream out, List<String> pipelineArgs, Path dir) {
    this.out = out;
    this.pipelineArgs = pipelineArgs;
    this.dir = dir;
    this.inputs = new BenchmarkInputs(dir);
  }

  /** {@code --lateShares}' word for the inputs as recorded. */
  static final String AS_RECORDED = "recorded";

  public static void main(String[] args) {
    System.exit(new CommandLine(new Command()).execute(args));
  }

  /** The command line; anything it does not know is a pipeline option, passed on to every run. */
  @CommandLine.Command(
      name = "Benchmark",
      mixinStandardHelpOptions = true,
      description = "Tweets per second through the local pipeline, and where the CPU goes.")
  static final class Command implements Callable<Integer> {
    @CommandLine.Option(
        names = "--sizes",
        split = ",",
        description = "Tweets of each fast-model run (default: ${DEFAULT-VALUE}).",
        defaultValue = "5000,20000,100000")
    List<Integer> sizes;

    @CommandLine.Option(
        names = "--lateShares",
        split = ",",
        description =
            "Shares of lines out of order, each a series of runs: '"
                + AS_RECORDED
                + "' (the bundled recording's own, about 6 %%) or a fraction such as 0.05"
                + " (default: ${DEFAULT-VALUE}).",
        defaultValue = AS_RECORDED)
    List<String> lateShares;

    @CommandLine.Option(
        names = "--warmupTweets",
        description =
            "Tweets of the warm-up run before the measured ones; the JIT needs tens of thousands"
                + " before the rate settles (default: ${DEFAULT-VALUE}).",
        defaultValue = "510")
    int warmupTweets;

    @CommandLine.Option(
        names = "--batchSize",
        description = "Tweets per predict call of the fast runs (default: ${DEFAULT-VALUE}).",
        defaultValue = "100")
    int batchSize;

    @CommandLine.Option(
        names = "--accurateTweets",
        description = "Tweets of the accurate run (default: ${DEFAULT-VALUE}).",
        defaultValue = "5000")
    int accurateTweets;

    @CommandLine.Option(
        names = "--accurateBatchSize",
        description = "Tweets per predict call of the accurate runs (default: ${DEFAULT-VALUE}).",
        defaultValue = "32")
    int accurateBatchSize;

    @CommandLine.Option(
        names = "--profile",
        arity = "1",
        description = "Profile the largest fast run with JFR (default: ${DEFAULT-VALUE}).",
        defaultValue = "true")
    boolean profile;

    @CommandLine.Option(
        names = "--skipAccurate",
        arity = "1",
        description = "Leave out the accurate model (default: ${DEFAULT-VALUE}).",
        defaultValue = "false")
    boolean skipAccurate;

    @CommandLine.Unmatched List<String> pipelineArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      if (sizes.stream().anyMatch(n -> n < 1)
          || warmupTweets < 1
          || batchSize < 1
          || accurateTweets < 1) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "sizes, batch sizes and tweet counts must be positive");
      }
      for (String share : lateShares) {
        if (!share.equals(AS_RECORDED) && !share.matches("(0(\\.[0-9]+)?|1(\\.0+)?)")) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "--lateShares takes '" + AS_RECORDED + "' or fractions from 0 to 1, got " + share);
        }
      }
      Benchmark benchmark =
          new Benchmark(System.out, pipelineArgs, Files.createTempDirectory("sentiment-benchmark"));
      benchmark.header();
      benchmark.fast(sizes, lateShares, warmupTweets, batchSize, profile);
      if (!skipAccurate) {
        benchmark.accurate(accurateTweets, accurateBatchSize);
      }
      return 0;
    }
  }

  private void header() {
    Runtime rt = Runtime.getRuntime();
    out.printf(
        "Benchmark %s: %d cores, Java %s, max heap %d MB, load average %s; extra options %s%n",
        Instant.now(),
        rt.availableProcessors(),
        System.getProperty("java.version"),
        rt.maxMemory() >> 20,
        loadAverage(),
        pipelineArgs);
    out.println("Work files in " + dir);
  }

  private void fast(
      List<Integer> sizes, List<String> lateShares, int warmup, int batchSize, boolean profile)
      throws Exception {
    try (LocalEndpoint endpoint = LocalEndpoint.resolve(LocalEndpoint.EMBEDDED, "fast", out)) {
      out.printf("Warm-up run of %,d tweets...%n", warmup);
      run(inputs.copies(warmup), "fast", batchSize, endpoint.url(), null);

      int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      List<String> rows = new ArrayList<>();
      List<Note> notes = new ArrayList<>();
      for (String share : lateShares) {
        List<TimedRun> runs = new ArrayList<>();
        for (int size : sizes) {
          Path input = input(size, share);
          Path recording =
              profile && size == largest ? dir.resolve("largest-run-" + share + ".jfr") : null;
          out.printf(
              "Running %,d tweets (late lines: %s) with the fast model, batches of %d...%n",
              size, share, batchSize);
          TimedRun r = run(input, "fast", batchSize, endpoint.url(), recording);
          runs.add(r);
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %s | %,d | %,d | %,d (%.1f %%) | %,d | %.1f | %.1f | %,.0f |",
                  share,
                  r.scored(),
                  r.read(),
                  r.outOfOrder(),
                  100.0 * r.outOfOrder() / Math.max(1, r.read()),
                  r.deadLetters(),
                  r.secondsToLastScore(),
                  r.seconds(),
                  r.rate()));
          if (recording != null) {
            notes.add(
                new Note(
                    "CPU profile of the largest run, late lines " + share + " (" + recording + "):",
                    CpuProfile.read(recording)));
          }
        }
        if (runs.size() > 1) {
          notes.add(
              new Note(
                  String.format(
                      Locale.ROOT,
                      "Late lines %s: rate of the largest run over the smallest: %.2f",
                      share,
                      runs.get(runs.size() - 1).rate() / runs.get(0).rate()),
                  null));
        }
      }
      out.println();
      out.println(
          "| late lines | tweets scored | lines read | lines out of order | dead letters"
              + " | s to last score | s to end | tweets/s |");
      out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      rows.forEach(out::println);
      out.println();
      for (Note note : notes) {
        out.println(note.text());
        if (note.profile() != null) {
          note.profile().print(out, 15);
          out.println();
        }
      }
    }
  }

  /** A line printed after the table, with the CPU profile it introduces or null. */
  private record Note(String text, CpuProfile profile) {}

  private Path input(int size, String lateShare) throws IOException {
    return lateShare.equals(AS_RECORDED)
        ? inputs.copies(size)
        : inputs.withLateShare(size, Double.parseDouble(lateShare));
  }

  private void accurate(int tweets, int batchSize) throws Exception {
    try (LocalEndpoint endpoint = LocalEndpoint.resolve(LocalEndpoint.EMBEDDED, "accurate", out)) {
      out.println("Warm-up of the accurate model...");
      Path input = inputs.copies(tweets);
      serviceAlone(endpoint.url(), BenchmarkInputs.texts(input).subList(0, 200), batchSize);

      out.println("The bundled demo recording with the accurate model...");
      TimedRun demo = run(inputs.recording(), "accurate", batchSize, endpoint.url(), null);

      out.printf(
          "Running %,d tweets with the accurate model, batches of %d...%n", tweets, batchSize);
      TimedRun pipeline = run(input, "accurate", batchSize, endpoint.url(), null);
      List<String> texts = BenchmarkInputs.texts(input);
      out.printf("The service alone on the same %,d tweets...%n", texts.size());
      double alone = serviceAlone(endpoint.url(), texts, batchSize);
      out.println();
      out.printf(
          "Bundled demo, accurate: %,d tweets scored in %.1f s of pipeline time (%.1f s to the"
              + " last score)%n",
          demo.scored(), demo.seconds(), demo.secondsToLastScore());
      out.println("| accurate model | tweets | s to last score | s to end | tweets/s |");
      out.println("| --- | ---: | ---: | ---: | ---: |");
      out.printf(
          "| through the pipeline | %,d | %.1f | %.1f | %,.0f |%n",
          pipeline.scored(), pipeline.secondsToLastScore(), pipeline.seconds(), pipeline.rate());
      out.printf(
          "| the service alone, %d clients | %,d | %.1f | | %,.0f |%n",
          CLIENTS, texts.size(), texts.size() / alone, alone);
      out.printf("Pipeline over service alone: %.2f%n", pipeline.rate() / alone);
    }
  }

  private TimedRun run(Path input, String model, int batchSize, String endpoint, Path profileTo)
      throws Exception {
    return TimedRun.of(input, model, batchSize, endpoint, dir, pipelineArgs, profileTo);
  }

  private static final int CLIENTS = Runtime.getRuntime().availableProcessors();

  /** Tweets per second of the service alone: batches from one client thread per core. */
  private static double serviceAlone(String endpoint, List<String> texts, int batchSize)
      throws Exception {
    List<List<PredictInstance>> batches = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += batchSize) {
      List<PredictInstance> batch = new ArrayList<>();
      for (int j = i; j < Math.min(texts.size(), i + batchSize); j++) {
        batch.add(new PredictInstance(Integer.toString(j), texts.get(j)));
      }
      batches.add(batch);
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try (SentimentClient client =
        SentimentClient.builder(URI.create(endpoint)).model("accurate").build()) {
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int b; (b = next.getAndIncrement()) < batches.size(); ) {
                    client.predict(batches.get(b));
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      return texts.size() / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
