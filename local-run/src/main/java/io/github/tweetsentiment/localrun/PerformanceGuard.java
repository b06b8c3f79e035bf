package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * The pipeline's speed guard, which CI runs after the tests: a streaming replay with late lines in
 * its input, timed against a fixed reference workload in the same JVM, fails when the ratio of the
 * two falls below half of what docs/benchmarks.md documents.
 *
 * <pre>{@code
 * java -cp local-run/target/sentiment-pipeline.jar io.github.tweetsentiment.localrun.PerformanceGuard
 * }</pre>
 *
 * <p>A ratio, not a rate: on a shared machine both slow down together, so the ratio moves far less
 * than either (docs/benchmarks.md gives its spread). The reference does not touch the pipeline:
 * Jackson reading and writing back the same input's lines on one thread per core. A change that
 * makes the pipeline's cost per tweet grow (a bundle per late line cost it 4x) halves the ratio;
 * noise does not.
 */
public final class PerformanceGuard {

  /**
   * The median ratio of the pipeline's tweets a second to the reference's lines a second measured
   * on the reference machine (docs/benchmarks.md, "The speed guard"); the guard fails below half.
   */
  static final double DOCUMENTED_RATIO = 0.015;

  private final PrintStream out;
  private final BenchmarkInputs inputs;
  private final Path dir;

  private PerformanceGuard(PrintStream out, Path dir) {
    this.out = out;
    this.dir = dir;
    this.inputs = new BenchmarkInputs(dir);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Command()).execute(args));
  }

  /** The command line. */
  @CommandLine.Command(
      name = "PerformanceGuard",
      mixinStandardHelpOptions = true,
      description =
          "Fails when the local pipeline's speed, as a ratio to a fixed workload, falls below half"
              + " of the documented ratio.")
  static final class Command implements Callable<Integer> {
    @CommandLine.Option(
        names = "--tweets",
        description = "Tweets of each measured replay (default: ${DEFAULT-VALUE}).",
        defaultValue = "20000")
    int tweets;

    @CommandLine.Option(
        names = "--lateShare",
        description = "Share of the input's lines out of order (default: ${DEFAULT-VALUE}).",
        defaultValue = "0.05")
    double lateShare;

    @CommandLine.Option(
        names = "--rounds",
        description = "Measured rounds; the median ratio counts (default: ${DEFAULT-VALUE}).",
        defaultValue = "3")
    int rounds;

    @CommandLine.Option(
        names = "--documentedRatio",
        description =
            "The documented ratio; the guard fails below half (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + DOCUMENTED_RATIO)
    double documentedRatio;

    @Override
    public Integer call() throws Exception {
      if (tweets < 1 || rounds < 1 || !(lateShare >= 0 && lateShare <= 1)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "--tweets and --rounds must be positive, --lateShare between 0 and 1");
      }
      PerformanceGuard guard =
          new PerformanceGuard(System.out, Files.createTempDirectory("sentiment-guard"));
      return guard.check(tweets, lateShare, rounds, documentedRatio) ? 0 : 1;
    }
  }

  /** One measured round. */
  private record Round(double pipelineRate, long outOfOrder, long read, double referenceRate) {
    double ratio() {
      return pipelineRate / referenceRate;
    }
  }

  private boolean check(int tweets, double lateShare, int rounds, double documented)
      throws Exception {
    Path input = inputs.withLateShare(tweets, lateShare);
    List<String> lines = Files.readAllLines(input, StandardCharsets.UTF_8);
    List<Round> measured = new ArrayList<>();
    try (LocalEndpoint endpoint = LocalEndpoint.resolve(LocalEndpoint.EMBEDDED, "fast", out)) {
      // The JIT needs tens of thousands of tweets before the rate settles.
      out.println("Speed guard: warm-up...");
      for (int i = 0; i < 2; i++) {
        run(input, endpoint);
        reference(lines);
      }
      for (int i = 1; i <= rounds; i++) {
        double reference = reference(lines);
        TimedRun run = run(input, endpoint);
        Round round = new Round(run.rate(), run.outOfOrder(), run.read(), reference);
        measured.add(round);
        out.printf(
            Locale.ROOT,
            "Speed guard round %d: pipeline %,.0f tweets/s (%,d of %,d lines out of order),"
                + " reference %,.0f lines/s, ratio %.4f%n",
            i,
            round.pipelineRate(),
            round.outOfOrder(),
            round.read(),
            round.referenceRate(),
            round.ratio());
      }
    }
    double median = median(measured.stream().mapToDouble(Round::ratio).toArray());
    double floor = documented / 2;
    boolean pass = median >= floor;
    out.printf(
        Locale.ROOT,
        "Speed guard: median ratio %.4f, documented %.4f, floor %.4f: %s%n",
        median,
        documented,
        floor,
        pass ? "PASS" : "FAIL");
    if (!pass) {
      out.println(
          "The local pipeline got more than twice as slow against the same fixed workload. Profile"
              + " it with the Benchmark command (docs/benchmarks.md) before and after the change"
              + " that did it.");
    }
    return pass;
  }

  private TimedRun run(Path input, LocalEndpoint endpoint) throws Exception {
    return TimedRun.of(input, "fast", 100, endpoint.url(), dir, List.of(), null);
  }

  /**
   * Lines a second of the reference workload: every line read into a JSON tree and written back,
   * its first tweet id counted in a map, {@value #REFERENCE_PASSES} times over (about a second), on
   * one thread per core.
   */
  static double reference(List<String> lines) throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(pool.submit(() -> referencePart(lines, first, threads)));
      }
      long work = 0;
      for (Future<Integer> f : done) {
        work += f.get();
      }
      return work / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int REFERENCE_PASSES = 20;

  private static int referencePart(List<String> lines, int first, int step) {
    Map<String, Integer> ids = new HashMap<>();
    int work = 0;
    for (int pass = 0; pass < REFERENCE_PASSES; pass++) {
      for (int i = first; i < lines.size(); i += step) {
        try {
          JsonNode root = TweetJson.mapper().readTree(lines.get(i));
          byte[] back = TweetJson.mapper().writeValueAsBytes(root);
          ids.merge(root.path("data").path("id").asText("") + back.length, 1, Integer::sum);
        } catch (IOException e) {
          ids.merge("malformed", 1, Integer::sum);
        }
        work++;
      }
    }
    // Reading the map keeps the JIT from dropping the work as unused.
    if (ids.isEmpty()) {
      throw new IllegalStateException("the reference workload read nothing");
    }
    return work;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
