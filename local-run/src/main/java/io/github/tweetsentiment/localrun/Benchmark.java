package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.sink.LocalTableFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine;

/**
 * Measures the local pipeline in one JVM, so that its ratios hold on a noisy machine.
 *
 * <pre>{@code
 * java -cp local-run/target/sentiment-pipeline.jar io.github.tweetsentiment.localrun.Benchmark \
 *   [--sizes=5000,20000,100000] [--batchSize=100] [--accurateTweets=5000] [--accurateBatchSize=32] \
 *   [--profile=true] [--skipAccurate=false] [any pipeline option]   # --help lists them
 * }</pre>
 *
 * <ol>
 *   <li>The {@code fast} model over inputs of each size: tweets per second, and the ratio of the
 *       largest run's rate to the smallest's (1.0 is a cost per tweet that does not grow with the
 *       run). A JFR CPU profile of the largest run gives its top frames.
 *   <li>The bundled demo recording with the {@code accurate} model: pipeline seconds.
 *   <li>The {@code accurate} model through the pipeline beside the embedded service's own batched
 *       throughput on the same tweets, and their ratio.
 * </ol>
 *
 * <p>Inputs are the bundled recording repeated, each copy with its own tweet ids and 20 minutes
 * later than the one before, so every copy is new to deduplication and the stream moves forward in
 * event time the way a long recording does (the malformed lines and duplicates of the recording
 * come along in every copy).
 */
public final class Benchmark {

  /** How far each copy of the recording is moved in event time; the recording spans 15 minutes. */
  static final Duration COPY_SHIFT = Duration.ofMinutes(20);

  private static final long COPY_ID_SHIFT = 1_000_000_000_000_000L;

  private final PrintStream out;
  private final List<String> pipelineArgs;
  private final Path dir;

  private Benchmark(PrintStream out, List<String> pipelineArgs, Path dir) {
    this.out = out;
    this.pipelineArgs = pipelineArgs;
    this.dir = dir;
  }

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
      if (sizes.stream().anyMatch(n -> n < 1) || batchSize < 1 || accurateTweets < 1) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "sizes, batch sizes and tweet counts must be positive");
      }
      Benchmark benchmark =
          new Benchmark(System.out, pipelineArgs, Files.createTempDirectory("sentiment-benchmark"));
      benchmark.header();
      benchmark.fast(sizes, batchSize, profile);
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

  private void fast(List<Integer> sizes, int batchSize, boolean profile) throws Exception {
    try (LocalEndpoint endpoint = LocalEndpoint.resolve(LocalEndpoint.EMBEDDED, "fast", out)) {
      out.println("Warm-up run...");
      run(input(510), "fast", batchSize, endpoint.url(), null);

      List<Run> runs = new ArrayList<>();
      int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      Path recording = null;
      for (int size : sizes) {
        Path input = input(size);
        boolean profiled = profile && size == largest;
        if (profiled) {
          recording = dir.resolve("largest-run.jfr");
        }
        out.printf("Running %,d tweets with the fast model, batches of %d...%n", size, batchSize);
        runs.add(run(input, "fast", batchSize, endpoint.url(), profiled ? recording : null));
      }
      out.println();
      out.println(
          "| tweets scored | lines read | dead letters | s to last score | s to end | tweets/s |");
      out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
      for (Run r : runs) {
        out.printf(
            "| %,d | %,d | %,d | %.1f | %.1f | %,.0f |%n",
            r.scored(), r.read(), r.deadLetters(), r.secondsToLastScore(), r.seconds(), r.rate());
      }
      if (runs.size() > 1) {
        Run smallest = runs.get(0);
        Run biggest = runs.get(runs.size() - 1);
        out.printf(
            "%nRate of the largest run over the smallest: %.2f%n",
            biggest.rate() / smallest.rate());
      }
      if (recording != null) {
        out.println();
        out.println("CPU profile of the largest run (" + recording + "):");
        CpuProfile.read(recording).print(out, 15);
      }
    }
  }

  private void accurate(int tweets, int batchSize) throws Exception {
    try (LocalEndpoint endpoint = LocalEndpoint.resolve(LocalEndpoint.EMBEDDED, "accurate", out)) {
      out.println("Warm-up of the accurate model...");
      Path input = input(tweets);
      serviceAlone(endpoint.url(), texts(input).subList(0, 200), batchSize);

      out.println("The bundled demo recording with the accurate model...");
      Run demo = run(bundledRecording(), "accurate", batchSize, endpoint.url(), null);

      out.printf(
          "Running %,d tweets with the accurate model, batches of %d...%n", tweets, batchSize);
      Run pipeline = run(input, "accurate", batchSize, endpoint.url(), null);
      List<String> texts = texts(input);
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

  /**
   * What one pipeline run did and how long it took: from building the graph to the last tweet
   * scored (the latest {@code processing_time} written), and to the pipeline's end (final panes,
   * files closed, runner stopped).
   */
  private record Run(
      long scored, long read, long deadLetters, double secondsToLastScore, double seconds) {
    /** Tweets scored per second up to the last one. */
    double rate() {
      return scored / secondsToLastScore;
    }
  }

  private Run run(Path input, String model, int batchSize, String endpoint, Path profileTo)
      throws Exception {
    Path output = dir.resolve("out-" + input.getFileName() + "-" + System.nanoTime());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--outputDir=" + output,
                "--sentimentEndpoint=" + endpoint,
                "--model=" + model,
                "--batchSize=" + batchSize,
                "--progressSeconds=0"));
    args.addAll(pipelineArgs);
    String[] argv = args.toArray(String[]::new);
    LocalOptions options = LocalPipeline.parse(argv);
    LocalRun.tuneDirectRunner(options, argv);
    try (CpuProfile.Recorder recorder = profileTo == null ? null : CpuProfile.record(profileTo);
        RunnerThreads priority = RunnerThreads.lowerPriority()) {
      Instant startedAt = Instant.now();
      long start = System.nanoTime();
      PipelineResult result = SentimentPipeline.run(options);
      PipelineResult.State state = result.waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      Instant lastScore = lastProcessingTime(output);
      double toLastScore =
          lastScore == null ? seconds : Duration.between(startedAt, lastScore).toMillis() / 1e3;
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the run over " + input + " ended " + state);
      }
      Summary summary = Summary.of(result.metrics());
      return new Run(
          summary.get(PipelineMetrics.TWEETS_SCORED),
          summary.get(PipelineMetrics.MESSAGES_READ),
          summary.get(PipelineMetrics.DEAD_LETTERS),
          toLastScore,
          seconds);
    }
  }

  /** The latest {@code processing_time} of the scored tweets a run wrote, or null. */
  private static Instant lastProcessingTime(Path output) throws IOException {
    Instant last = null;
    for (String line : LocalTableFiles.wholeLines(output, "scored_tweets")) {
      JsonNode time = TweetJson.mapper().readTree(line).get("processing_time");
      if (time != null && time.isTextual()) {
        Instant t = Instant.parse(time.asText());
        last = last == null || t.isAfter(last) ? t : last;
      }
    }
    return last;
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

  /**
   * The texts of the distinct tweets of a generated input that the pipeline scores: the lines that
   * parse, with a usable {@code created_at}.
   */
  private static List<String> texts(Path input) throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(input)) {
      try {
        for (Tweet tweet : TweetJson.readEnvelope(line).tweets()) {
          if (tweet.createdAt() != null
              && tweet.createdAt().isBefore(Instant.now())
              && ids.add(tweet.id())) {
            texts.add(tweet.text());
          }
        }
      } catch (RuntimeException e) {
        // A malformed line of the recording: the pipeline dead-letters it.
      }
    }
    return texts;
  }

  private Path bundledRecording() throws IOException {
    Path target = dir.resolve("bundled.jsonl");
    if (!Files.exists(target)) {
      Files.write(target, recording());
    }
    return target;
  }

  /** The bundled recording repeated until it holds about {@code tweets} distinct tweets. */
  private Path input(int tweets) throws IOException {
    Path target = dir.resolve("input-" + tweets + ".jsonl");
    if (Files.exists(target)) {
      return target;
    }
    List<String> recording = recording();
    int perCopy = texts(bundledRecording()).size();
    int copies = Math.max(1, Math.round((float) tweets / perCopy));
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      for (int copy = 0; copy < copies; copy++) {
        int back = copies - 1 - copy;
        for (String line : recording) {
          w.write(back == 0 ? line : shifted(line, back));
          w.write('\n');
        }
      }
    }
    return target;
  }

  private static List<String> recording() throws IOException {
    List<String> lines = new ArrayList<>();
    String resource = LocalPipeline.BUNDLED_RECORDING.substring("classpath:".length());
    try (InputStream in = Benchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the classpath: rebuild the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return lines;
  }

  /**
   * The line with its tweets' ids changed and their times moved {@code back} copies earlier;
   * malformed lines as they are.
   */
  static String shifted(String line, int back) {
    JsonNode root;
    try {
      root = TweetJson.mapper().readTree(line);
    } catch (IOException e) {
      return line;
    }
    List<ObjectNode> tweets = TweetJson.tweetNodes(root);
    for (ObjectNode tweet : tweets) {
      String id = tweet.path("id").asText("");
      if (id.matches("[0-9]{16,19}")) {
        tweet.put("id", Long.toString(Long.parseLong(id) - back * COPY_ID_SHIFT));
      }
      try {
        Instant created =
            TweetJson.parseTimestamp(tweet.path("created_at").asText(""), "created_at");
        tweet.put(
            "created_at", TweetJson.formatTimestamp(created.minus(COPY_SHIFT.multipliedBy(back))));
      } catch (RuntimeException e) {
        // A bad created_at stays bad in every copy.
      }
    }
    return tweets.isEmpty() ? line : TweetJson.toJson(root);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
