package io.github.tweetsentiment.inference;

import io.github.tweetsentiment.core.predict.PredictInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;

/** Canned requests and responses for the client tests. */
final class Fixtures {

  static final String[] LABELS = {"negative", "neutral", "positive"};

  private Fixtures() {}

  /** {@code n} instances with ids "1".."n" and texts "text 1".."text n". */
  static List<PredictInstance> instances(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> new PredictInstance(String.valueOf(i), "text " + i))
        .toList();
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
}
