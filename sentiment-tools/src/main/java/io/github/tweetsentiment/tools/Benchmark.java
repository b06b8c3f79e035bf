package io.github.tweetsentiment.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.service.SentimentServer;
import io.github.tweetsentiment.service.ServiceConfig;
import io.github.tweetsentiment.service.model.Models;
import io.github.tweetsentiment.tools.train.LabelledSplit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load-tests the predict endpoint over loopback: requests/s, tweets/s and p50/p99 latency for each
 * batch size, with concurrent clients. Not a test: a command whose output goes into
 * docs/benchmarks.md.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar:sentiment-tools/target/sentiment-tools.jar \
 *     io.github.tweetsentiment.tools.Benchmark \
 *     --jar=sentiment-service/target/sentiment-service.jar --model=fast
 * </pre>
 *
 * <p>With {@code --jar} it starts the service jar as a separate process (as Cloud Run would), and
 * also reports its start-up time (to live and to ready) and memory (RSS when ready, peak RSS under
 * load, from /proc on Linux); with {@code --url} it loads an already running service; with neither,
 * it starts the service in this JVM. {@code --help} lists the flags.
 */
@Command(name = "Benchmark", description = "Load-tests the predict endpoint over loopback.")
public final class Benchmark extends ToolCommand {

  @Option(names = "--model", defaultValue = "accurate", description = "default: ${DEFAULT-VALUE}")
  String model;

  @Option(
      names = "--batchSizes",
      split = ",",
      defaultValue = "1,16,64",
      description = "instances per request, one run each (default: ${DEFAULT-VALUE})")
  int[] batches;

  @Option(names = "--clients", defaultValue = "4", description = "concurrent clients")
  int clients;

  @Option(names = "--seconds", defaultValue = "20", description = "measured seconds per batch size")
  int seconds;

  @Option(names = "--warmupSeconds", defaultValue = "5", description = "warm-up per batch size")
  int warmupSeconds;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = DataOption.DEFAULT,
      description = "tweets to send: the validation split, else built-in examples")
  Path data;

  @Option(
      names = "--jar",
      paramLabel = "FILE",
      description = "start this service jar as its own process (also measures start-up and RSS)")
  Path jar;

  @Option(names = "--url", description = "load an already running service instead")
  URI url;

  @Option(names = "--jvmFlags", defaultValue = "", description = "JVM flags for --jar")
  String jvmFlags;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FALLBACK_TEXTS =
      List.of(
          "Just watched the new episode and honestly it was better than I expected #excited",
          "@user worst customer service ever, been on hold for an hour",
          "Meeting moved to 3pm tomorrow, room 4B",
          "can't believe how good this coffee is ☕️ http",
          "Traffic on the bridge again... never changes",
          "So proud of the team tonight!! What a win");

  /** The outcome of one batch size. */
  record Result(
      int batch, int clients, long requests, long errors, double seconds, double p50, double p99) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double tweetsPerSecond() {
      return requests * (double) batch / seconds;
    }
  }

  public static void main(String[] argv) {
    System.exit(CliLogging.execute(new Benchmark(), argv));
  }

  @Override
  public Integer call() throws Exception {
    List<String> texts = texts(data);
    Duration measure = Duration.ofSeconds(seconds);
    Duration warmup = Duration.ofSeconds(warmupSeconds);

    Process process = null;
    SentimentServer embedded = null;
    URI base;
    if (url != null) {
      base = url;
    } else if (jar != null) {
      int port = ServiceProcess.freePort();
      base = URI.create("http://127.0.0.1:" + port);
      process = ServiceProcess.start(jar, jvmFlags, model, port);
    } else {
      ServiceConfig config = ServiceConfig.defaults("127.0.0.1", 0, model);
      long start = System.nanoTime();
      embedded =
          SentimentServer.start(
              config, () -> Models.load(model, null, config.intraOpThreads()), e -> {});
      embedded.awaitReady(Duration.ofMinutes(5));
      System.out.printf(
          Locale.ROOT,
          "in-process service ready in %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      base = URI.create("http://127.0.0.1:" + embedded.port());
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2, Benchmark::daemon))
            .build();
    try {
      if (process != null) {
        ServiceProcess.reportStartup(client, base, process);
      }
      List<Result> results = new ArrayList<>();
      for (int batch : batches) {
        URI predict = base.resolve("/v1/models/" + model + ":predict");
        List<byte[]> bodies = bodies(texts, batch);
        run(client, predict, bodies, clients, warmup); // warm-up: JIT, connections, ORT arenas
        Result measured = run(client, predict, bodies, clients, measure);
        Result r =
            new Result(
                batch,
                clients,
                measured.requests(),
                measured.errors(),
                measured.seconds(),
                measured.p50(),
                measured.p99());
        results.add(r);
        System.out.printf(
            Locale.ROOT,
            "batch %d: %.0f requests/s, %.0f tweets/s, p50 %.1f ms, p99 %.1f ms, %d errors%n",
            batch,
            r.requestsPerSecond(),
            r.tweetsPerSecond(),
            r.p50(),
            r.p99(),
            r.errors());
      }
      if (process != null) {
        System.out.printf(
            Locale.ROOT,
            "peak RSS after load: %s%n",
            ServiceProcess.procStatus(process.pid(), "VmHWM"));
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "| model | batch | clients | requests/s | tweets/s | p50 ms | p99 ms | errors |%n");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
      for (Result r : results) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %.0f | %.0f | %.1f | %.1f | %d |%n",
            model,
            r.batch(),
            r.clients(),
            r.requestsPerSecond(),
            r.tweetsPerSecond(),
            r.p50(),
            r.p99(),
            r.errors());
      }
    } finally {
      if (process != null) {
        process.destroy();
        process.waitFor();
      }
      if (embedded != null) {
        embedded.close();
      }
      client.executor().ifPresent(e -> ((ExecutorService) e).shutdownNow());
    }
    return 0;
  }

  private static Result run(
      HttpClient client, URI predict, List<byte[]> bodies, int clients, Duration duration)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Future<long[]>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int offset = c;
      futures.add(pool.submit(() -> clientLoop(client, predict, bodies, offset, deadline)));
    }
    List<Long> latencies = new ArrayList<>();
    long errors = 0;
    for (Future<long[]> f : futures) {
      long[] r = f.get();
      errors += r[0];
      for (int i = 1; i < r.length; i++) {
        latencies.add(r[i]);
      }
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        0, clients, sorted.length, errors, seconds, pct(sorted, 0.50), pct(sorted, 0.99));
  }

  /** Sends requests back to back until the deadline: [errors, latency ns...]. */
  private static long[] clientLoop(
      HttpClient client, URI predict, List<byte[]> bodies, int offset, long deadline)
      throws InterruptedException {
    long[] out = new long[1024];
    int n = 1;
    int i = offset;
    while (System.nanoTime() < deadline) {
      byte[] body = bodies.get(i++ % bodies.size());
      HttpRequest request =
          HttpRequest.newBuilder(predict)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      long t = System.nanoTime();
      try {
        HttpResponse<byte[]> response =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long latency = System.nanoTime() - t;
        if (response.statusCode() != 200) {
          out[0]++;
          continue;
        }
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = latency;
      } catch (IOException e) {
        out[0]++;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int k = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "benchmark-http");
    t.setDaemon(true);
    return t;
  }

  private static List<byte[]> bodies(List<String> texts, int batch) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    int count = Math.max(1, Math.min(200, texts.size() / batch));
    for (int b = 0; b < count; b++) {
      ObjectNode body = JSON.createObjectNode();
      ArrayNode instances = body.putArray("instances");
      for (int k = 0; k < batch; k++) {
        instances
            .addObject()
            .put("id", Integer.toString(b * batch + k))
            .put("text", texts.get((b * batch + k) % texts.size()));
      }
      bodies.add(JSON.writeValueAsBytes(body));
    }
    return bodies;
  }

  private static List<String> texts(Path data) {
    if (Files.isRegularFile(data.resolve("val_text.txt"))) {
      List<String> texts = LabelledSplit.read(data, "val").texts();
      System.out.printf(
          "sending tweets from %s (%d)%n", data.resolve("val_text.txt"), texts.size());
      return texts;
    }
    System.out.println("no TweetEval data found: sending built-in example tweets");
    return FALLBACK_TEXTS;
  }
}
