package io.github.tweetsentiment.localrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.pipeline.read.RecordedTweetsSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The inputs of the local benchmarks, written once into a work folder: the bundled recording
 * repeated until it holds about as many tweets as asked, each copy with its own tweet ids and 20
 * minutes later than the one before, so every copy is new to deduplication and the stream moves
 * forward in event time the way a long recording does (the malformed lines and duplicates of the
 * recording come along in every copy).
 *
 * <p>As recorded, about 6 % of the lines are further out of order than the replay's lag (the
 * recording's own late tweets). {@link #withLateShare} makes the same tweets with a chosen share of
 * lines out of order instead, so that the cost of late lines can be measured as a parameter.
 */
final class BenchmarkInputs {

  /** How far each copy of the recording is moved in event time; the recording spans 15 minutes. */
  static final Duration COPY_SHIFT = Duration.ofMinutes(20);

  /** How much later than its tweets a line recorded out of order is written: 2 to 9 minutes. */
  static final Duration MIN_DELAY = Duration.ofMinutes(2);

  static final Duration MAX_DELAY = Duration.ofMinutes(9);

  private static final long COPY_ID_SHIFT = 1_000_000_000_000_000L;

  /** The same seed every run, so the same input is generated. */
  private static final long SEED = 20_261_207L;

  private final Path dir;

  BenchmarkInputs(Path dir) {
    this.dir = dir;
  }

  /** The bundled recording, as a file. */
  Path recording() throws IOException {
    Path target = dir.resolve("bundled.jsonl");
    if (!Files.exists(target)) {
      Files.write(target, recordingLines());
    }
    return target;
  }

  /** The bundled recording repeated until it holds about {@code tweets} distinct tweets. */
  Path copies(int tweets) throws IOException {
    Path target = dir.resolve("input-" + tweets + ".jsonl");
    if (Files.exists(target)) {
      return target;
    }
    List<String> recording = recordingLines();
    int perCopy = texts(recording()).size();
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

  /**
   * The lines of {@link #copies} put in {@code created_at} order, then a share {@code lateShare} of
   * them (chosen at random, the same every run) written 2 to 9 minutes later than their tweets: out
   * of order by more than the replay's lag, still inside the default allowed lateness. A line
   * without a {@code created_at} keeps its place after the line before it.
   */
  Path withLateShare(int tweets, double lateShare) throws IOException {
    if (!(lateShare >= 0 && lateShare <= 1)) {
      throw new IllegalArgumentException("a late share is between 0 and 1, got " + lateShare);
    }
    Path target =
        dir.resolve(String.format(Locale.ROOT, "input-%d-late%.3f.jsonl", tweets, lateShare));
    if (Files.exists(target)) {
      return target;
    }
    record Placed(String line, long millis, long recordedAt, int index) {}
    List<String> lines = Files.readAllLines(copies(tweets), StandardCharsets.UTF_8);
    List<Placed> placed = new ArrayList<>(lines.size());
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      // The replay's own event time of the line, so "in order" means what the replay means.
      org.joda.time.Instant t =
          RecordedTweetsSource.eventTimeOf(lines.get(i).getBytes(StandardCharsets.UTF_8));
      long millis = t == null ? previous : t.getMillis();
      placed.add(new Placed(lines.get(i), millis, millis, i));
      previous = millis;
    }
    placed.sort(Comparator.comparingLong(Placed::millis).thenComparingInt(Placed::index));
    Random random = new Random(SEED);
    long span = MAX_DELAY.toMillis() - MIN_DELAY.toMillis();
    List<Placed> recorded = new ArrayList<>(placed.size());
    for (int i = 0; i < placed.size(); i++) {
      Placed p = placed.get(i);
      long delay =
          random.nextDouble() < lateShare
              ? MIN_DELAY.toMillis() + (long) (random.nextDouble() * span)
              : 0;
      recorded.add(new Placed(p.line(), p.millis(), p.millis() + delay, i));
    }
    recorded.sort(Comparator.comparingLong(Placed::recordedAt).thenComparingInt(Placed::index));
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      for (Placed p : recorded) {
        w.write(p.line());
        w.write('\n');
      }
    }
    return target;
  }

  /**
   * The texts of the distinct tweets of an input that the pipeline scores: the lines that parse,
   * with a usable {@code created_at}.
   */
  static List<String> texts(Path input) throws IOException {
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

  private static List<String> recordingLines() throws IOException {
    List<String> lines = new ArrayList<>();
    String resource = LocalPipeline.BUNDLED_RECORDING.substring("classpath:".length());
    try (InputStream in = BenchmarkInputs.class.getClassLoader().getResourceAsStream(resource)) {
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
}
