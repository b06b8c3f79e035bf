package io.github.tweetsentiment.pipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.SentimentPipeline;
import io.github.tweetsentiment.pipeline.SentimentPipeline.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Measures tweets per second through the local pipeline for several batch sizes in one run, so the
 * ratios hold on a noisy machine: one embedded service, one input, the same JVM.
 *
 * <pre>{@code
 * java -cp pipeline/target/sentiment-pipeline.jar \
 *   io.github.tweetsentiment.pipeline.local.Benchmark [--copies=10] [--batchSizes=1,10,100] \
 *   [--model=fast] [any pipeline option]
 * }</pre>
 *
 * <p>The input is the bundled recording repeated {@code copies} times with the tweet ids changed
 * per copy, so deduplication keeps every copy. Each run's time is wall time from building the
 * pipeline to its end, end-of-input wait included; a short warm-up run comes first.
 */
public final class Benchmark {

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    int copies = 10;
    List<Integer> batchSizes = List.of(1, 10, 100);
    String model = "fast";
    List<String> pipelineArgs = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--copies=")) {
        copies = Integer.parseInt(a.substring("--copies=".length()));
      } else if (a.startsWith("--batchSizes=")) {
        batchSizes =
            java.util.Arrays.stream(a.substring("--batchSizes=".length()).split(","))
                .map(String::strip)
                .map(Integer::parseInt)
                .toList();
      } else if (a.startsWith("--model=")) {
        model = a.substring("--model=".length());
      } else {
        pipelineArgs.add(a);
      }
    }
    PrintStream out = System.out;
    Path dir = Files.createTempDirectory("sentiment-benchmark");
    Path input = dir.resolve("input.jsonl");
    int lines = writeInput(input, copies);
    out.printf("Input: %d lines (the bundled recording x %d) in %s%n", lines, copies, input);

    try (LocalEndpoint endpoint = LocalEndpoint.resolve(SentimentPipeline.EMBEDDED, model, out)) {
      Path warmUp = dir.resolve("warm-up.jsonl");
      writeInput(warmUp, 1);
      run(warmUp, dir.resolve("out-warm-up"), 10, endpoint.url(), model, pipelineArgs);

      out.println();
      out.println("| batch size | tweets scored | predict calls | seconds | tweets/s |");
      out.println("| ---: | ---: | ---: | ---: | ---: |");
      for (int batchSize : batchSizes) {
        long start = System.nanoTime();
        Summary summary =
            run(
                input,
                dir.resolve("out-" + batchSize),
                batchSize,
                endpoint.url(),
                model,
                pipelineArgs);
        double seconds = (System.nanoTime() - start) / 1e9;
        long scored = summary.get(PipelineMetrics.TWEETS_SCORED);
        long calls = summary.get(PipelineMetrics.INFERENCE_CALLS);
        out.printf(
            "| %d | %d | %d | %.1f | %.1f |%n",
            batchSize, scored, calls, seconds, scored / seconds);
      }
    }
  }

  private static Summary run(
      Path input, Path output, int batchSize, String endpoint, String model, List<String> extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--outputDir=" + output,
                "--sentimentEndpoint=" + endpoint,
                "--model=" + model,
                "--batchSize=" + batchSize,
                "--progressSeconds=0"));
    args.addAll(extra);
    String[] argv = args.toArray(String[]::new);
    PipelineOptionsFactory.register(Options.class);
    Options options = PipelineOptionsFactory.fromArgs(argv).withValidation().as(Options.class);
    LocalRun.tuneDirectRunner(options, argv);
    PipelineResult result = SentimentPipeline.run(options);
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(
          "benchmark run with batch size " + batchSize + " ended " + state);
    }
    return Summary.of(result.metrics());
  }

  /** Writes the bundled recording {@code copies} times, each copy with its own tweet ids. */
  private static int writeInput(Path target, int copies) throws IOException {
    List<String> recording = new ArrayList<>();
    String resource = SentimentPipeline.BUNDLED_RECORDING.substring("classpath:".length());
    try (InputStream in = Benchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the classpath: rebuild the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        recording.add(line);
      }
    }
    int written = 0;
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      for (int copy = 0; copy < copies; copy++) {
        for (String line : recording) {
          w.write(copy == 0 ? line : withIdsShifted(line, copy));
          w.write('\n');
          written++;
        }
      }
    }
    return written;
  }

  /** The line with its tweet id moved by {@code copy} quadrillion; malformed lines unchanged. */
  private static String withIdsShifted(String line, int copy) {
    try {
      JsonNode root = TweetJson.mapper().readTree(line);
      JsonNode data = root.path("data");
      if (data instanceof ObjectNode tweet && tweet.path("id").asText("").matches("[0-9]{16,19}")) {
        long id = Long.parseLong(tweet.get("id").asText());
        tweet.put("id", Long.toString(id - copy * 1_000_000_000_000_000L));
        return TweetJson.toJson(root);
      }
    } catch (IOException | RuntimeException e) {
      // Malformed on purpose: every copy keeps it as it is.
    }
    return line;
  }
}
