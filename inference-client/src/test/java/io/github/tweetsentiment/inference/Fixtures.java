package io.github.tweetsentiment.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.predict.PredictInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Canned requests and responses for the client tests. */
final class Fixtures {

  static final String[] LABELS = {"negative", "neutral", "positive"};

  /** Jitter that always picks the top of the range, so backoffs are predictable. */
  static final RandomGenerator MAX_JITTER =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  private Fixtures() {}

  /** {@code n} instances with ids "1".."n" and texts "text 1".."text n". */
  static List<PredictInstance> instances(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> new PredictInstance(String.valueOf(i), "text " + i))
        .toList();
  }

  /** The {@code instances} array of a predict request the server received. */
  static JsonNode sentInstances(RecordedRequest request) {
    try {
      return TweetJson.mapper().readTree(request.getBody().utf8()).get("instances");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid prediction object whose label is chosen by {@code i % 3}. */
  static String prediction(int i) {
    String label = LABELS[Math.floorMod(i, 3)];
    double score = 0.6;
    double other = 0.2;
    return "{\"label\":\""
        + label
        + "\",\"score\":"
        + score
        + ",\"probabilities\":{"
        + IntStream.range(0, 3)
            .mapToObj(k -> "\"" + LABELS[k] + "\":" + (LABELS[k].equals(label) ? score : other))
            .collect(Collectors.joining(","))
        + "}}";
  }

  /** A valid response body for the given label indexes. */
  static String predictionsJson(List<Integer> labelIndexes) {
    return "{\"predictions\":["
        + labelIndexes.stream().map(Fixtures::prediction).collect(Collectors.joining(","))
        + "],\"model\":\"accurate\",\"model_version\":\"2026-11-25\"}";
  }

  /** A valid response body for {@code n} instances, labels 0, 1, 2, 0, ... */
  static String predictionsJson(int n) {
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add(i);
    }
    return predictionsJson(labels);
  }

  static MockResponse ok(int n) {
    return json(200, predictionsJson(n));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse problem(int code, String detail) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/problem+json")
        .body(
            "{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":"
                + code
                + ",\"detail\":\""
                + detail
                + "\"}")
        .build();
  }

  /** A clock that only moves when the client sleeps, and remembers every sleep. */
  static final class FakeTime implements TimeSource {
    final Instant epoch = Instant.parse("2026-11-25T12:00:00Z");
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private long nanos;

    @Override
    public synchronized long nanoTime() {
      return nanos;
    }

    @Override
    public synchronized Instant now() {
      return epoch.plusNanos(nanos);
    }

    @Override
    public synchronized void sleep(Duration duration) {
      sleeps.add(duration);
      nanos += duration.toNanos();
    }
  }

  /**
   * The endpoint a test talks to, registered with {@code @RegisterExtension}: a MockWebServer
   * started before each test and closed after it, and the stats of the calls its clients report.
   */
  static final class Endpoint implements BeforeEachCallback, AfterEachCallback {
    final MockWebServer server = new MockWebServer();
    final List<CallStats> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
      server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
      server.close();
    }

    /** A client of {@code path} on this server that reports its calls to {@link #calls}. */
    SentimentClient.Builder client(String path) {
      return SentimentClient.builder(server.url(path).uri()).listener(calls::add);
    }

    /** As {@code client("/")}, with retries after a millisecond so that failures end fast. */
    SentimentClient.Builder quickClient() {
      return client("/").initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1));
    }
  }
}
