package io.github.tweetsentiment.localrun.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.localrun.view.ViewState.DeadLetterItem;
import io.github.tweetsentiment.localrun.view.ViewState.Estimate;
import io.github.tweetsentiment.localrun.view.ViewState.Estimates;
import io.github.tweetsentiment.localrun.view.ViewState.QuerySeries;
import io.github.tweetsentiment.localrun.view.ViewState.TweetItem;
import io.github.tweetsentiment.localrun.view.ViewState.WindowPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a run has written so far, folded from its output rows: each window of each query at its
 * latest pane (the local {@code sentiment_windows_latest}), the latest scored tweets and dead
 * letters, and dead letters per stage. Memory grows with windows × queries, not with tweets. Not
 * thread-safe: {@link LiveView} feeds it from one thread at a time.
 */
final class RunRows {

  /** How many of the latest tweets and dead letters are kept. */
  static final int LATEST = 20;

  private static final int MAX_CHARS = 300;

  /** (query, window_start) to the latest pane's row, ordered by query then window start. */
  private final Map<String, TreeMap<String, ObjectNode>> windows = new TreeMap<>();

  private final Deque<TweetItem> tweets = new ArrayDeque<>();
  private final Deque<DeadLetterItem> deadLetters = new ArrayDeque<>();
  private final Map<String, Long> deadLettersByStage = new TreeMap<>();
  private String modelVersion;

  /**
   * The view's order: the later run wins (one run's rows share their start), then the higher pane
   * index, then the later update.
   */
  private static final Comparator<JsonNode> LATEST_PANE =
      Comparator.<JsonNode, String>comparing(r -> r.path("run_started_at").asText(""))
          .thenComparingLong(r -> r.path("pane_index").asLong())
          .thenComparing(r -> r.path("last_update").asText());

  /** A row of {@code sentiment_windows}: kept when it is the latest pane of its window so far. */
  void addWindow(ObjectNode row) {
    String query = row.path("query").asText();
    String start = row.path("window_start").asText();
    TreeMap<String, ObjectNode> ofQuery = windows.computeIfAbsent(query, q -> new TreeMap<>());
    ObjectNode current = ofQuery.get(start);
    if (current == null || LATEST_PANE.compare(row, current) > 0) {
      ofQuery.put(start, row);
    }
  }

  /** A row of {@code scored_tweets}. */
  void addScored(ObjectNode row) {
    Map<String, Double> probabilities = new LinkedHashMap<>();
    for (String label : List.of("negative", "neutral", "positive")) {
      JsonNode p = row.get("prob_" + label);
      if (p != null && p.isNumber()) {
        probabilities.put(label, p.asDouble());
      }
    }
    String author =
        row.hasNonNull("author_username")
            ? "@" + row.get("author_username").asText()
            : row.path("author_id").asText(null);
    push(
        tweets,
        new TweetItem(
            row.path("tweet_id").asText(),
            row.path("created_at").asText(),
            row.path("query").asText(),
            author,
            row.path("text").asText(),
            row.path("label").asText(),
            probabilities));
    if (row.hasNonNull("model_version")) {
      modelVersion = row.get("model_version").asText();
    }
  }

  /** A row of {@code dead_letter}. */
  void addDeadLetter(ObjectNode row) {
    String stage = row.path("stage").asText("unknown");
    deadLettersByStage.merge(stage, 1L, Long::sum);
    push(
        deadLetters,
        new DeadLetterItem(
            row.path("failed_at").asText(),
            stage,
            row.path("error_type").asText(null),
            cut(row.path("error_message").asText(null)),
            cut(row.path("payload_string").asText(""))));
  }

  private static <T> void push(Deque<T> latest, T item) {
    latest.addFirst(item);
    if (latest.size() > LATEST) {
      latest.removeLast();
    }
  }

  private static String cut(String s) {
    if (s == null || s.length() <= MAX_CHARS) {
      return s;
    }
    return s.substring(0, MAX_CHARS) + "…";
  }

  List<QuerySeries> queries() {
    List<QuerySeries> series = new ArrayList<>();
    windows.forEach(
        (query, ofQuery) ->
            series.add(
                new QuerySeries(query, ofQuery.values().stream().map(RunRows::point).toList())));
    return series;
  }

  private static WindowPoint point(JsonNode r) {
    return new WindowPoint(
        r.path("window_start").asText(),
        r.path("window_end").asText(),
        r.path("tweet_count").asLong(),
        r.path("negative_count").asLong(),
        r.path("neutral_count").asLong(),
        r.path("positive_count").asLong(),
        r.path("mean_polarity").asDouble(),
        r.path("pane_timing").asText(),
        r.path("pane_index").asLong(),
        r.path("is_final").asBoolean(),
        estimates(r));
  }

  /** The corrected shares and their intervals, when the row has all of them. */
  private static @Nullable Estimates estimates(JsonNode r) {
    Estimate[] e = new Estimate[3];
    String[] labels = {"negative", "neutral", "positive"};
    for (int i = 0; i < 3; i++) {
      String share = "corrected_" + labels[i] + "_share";
      JsonNode value = r.path(share);
      JsonNode low = r.path(share + "_low");
      JsonNode high = r.path(share + "_high");
      if (!value.isNumber() || !low.isNumber() || !high.isNumber()) {
        return null;
      }
      e[i] = new Estimate(value.asDouble(), low.asDouble(), high.asDouble());
    }
    return new Estimates(e[0], e[1], e[2]);
  }

  /** The latest pane of every window and query, as written: by query, then window start. */
  List<ObjectNode> latestWindowRows() {
    List<ObjectNode> rows = new ArrayList<>();
    windows.values().forEach(ofQuery -> rows.addAll(ofQuery.values()));
    return rows;
  }

  List<TweetItem> latestTweets() {
    return List.copyOf(tweets);
  }

  List<DeadLetterItem> latestDeadLetters() {
    return List.copyOf(deadLetters);
  }

  Map<String, Long> deadLettersByStage() {
    return Collections.unmodifiableMap(new TreeMap<>(deadLettersByStage));
  }

  /** The model version of the latest scored tweet, or null before any. */
  String modelVersion() {
    return modelVersion;
  }
}
