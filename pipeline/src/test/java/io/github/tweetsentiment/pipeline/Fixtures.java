package io.github.tweetsentiment.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import io.github.tweetsentiment.core.MatchingRule;
import io.github.tweetsentiment.core.PublicMetrics;
import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.core.TweetJson;
import io.github.tweetsentiment.core.TweetMessage;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import io.github.tweetsentiment.pipeline.read.RawMessage;
import io.github.tweetsentiment.pipeline.sink.TableSchemas;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** Test vocabulary: tweets at offsets from a fixed base time, envelopes and messages. */
public final class Fixtures {

  /** 2026-11-24T18:00:00Z, the start of the bundled recording. */
  public static final Instant BASE_TIME = new Instant(1_795_543_200_000L);

  public static final Duration WINDOW = Duration.standardMinutes(1);

  private Fixtures() {}

  public static java.time.Instant at(Duration offset) {
    return java.time.Instant.ofEpochMilli(BASE_TIME.plus(offset).getMillis());
  }

  /** The window of the given index: [BASE_TIME + i min, BASE_TIME + (i+1) min). */
  public static IntervalWindow window(int index) {
    Instant start = BASE_TIME.plus(WINDOW.multipliedBy(index));
    return new IntervalWindow(start, start.plus(WINDOW));
  }

  /** A tweet by user42 in English, its own conversation's first. */
  public static Tweet tweet(String id, String text, Duration offset) {
    return copy(Tweet.of(id, text, at(offset)))
        .author("42", "user42", "User")
        .lang("en")
        .conversationId(id)
        .build();
  }

  /**
   * {@code tweet} with the fields a test sets, e.g. {@code copy(Tweet.of(...)).lang("fr").build()},
   * instead of the record's 13 positional arguments.
   */
  public static TweetCopy copy(Tweet tweet) {
    return new TweetCopy(tweet);
  }

  /** A tweet's optional fields, set one by one; {@link #build} makes the tweet. */
  public static final class TweetCopy {
    private final Tweet from;
    private String authorId;
    private String authorUsername;
    private String authorName;
    private String lang;
    private String conversationId;
    private List<String> referencedTweetTypes;
    private PublicMetrics publicMetrics;
    private List<String> hashtags;
    private List<String> mentions;
    private List<String> urls;

    private TweetCopy(Tweet t) {
      from = t;
      authorId = t.authorId();
      authorUsername = t.authorUsername();
      authorName = t.authorName();
      lang = t.lang();
      conversationId = t.conversationId();
      referencedTweetTypes = t.referencedTweetTypes();
      publicMetrics = t.publicMetrics();
      hashtags = t.hashtags();
      mentions = t.mentions();
      urls = t.urls();
    }

    public TweetCopy author(String id, String username, String name) {
      authorId = id;
      authorUsername = username;
      authorName = name;
      return this;
    }

    public TweetCopy lang(String value) {
      lang = value;
      return this;
    }

    public TweetCopy conversationId(String value) {
      conversationId = value;
      return this;
    }

    public TweetCopy referencedTweetTypes(List<String> value) {
      referencedTweetTypes = value;
      return this;
    }

    public TweetCopy publicMetrics(PublicMetrics value) {
      publicMetrics = value;
      return this;
    }

    public TweetCopy hashtags(List<String> value) {
      hashtags = value;
      return this;
    }

    public TweetCopy mentions(List<String> value) {
      mentions = value;
      return this;
    }

    public TweetCopy urls(List<String> value) {
      urls = value;
      return this;
    }

    public Tweet build() {
      return new Tweet(
          from.id(),
          from.text(),
          from.createdAt(),
          authorId,
          authorUsername,
          authorName,
          lang,
          conversationId,
          referencedTweetTypes,
          publicMetrics,
          hashtags,
          mentions,
          urls);
    }
  }

  /** A tweet as found by {@code query}, read from a recording. */
  public static IncomingTweet incoming(String id, String text, Duration offset, String query) {
    Tweet t = tweet(id, text, offset);
    return new IncomingTweet(t, query, List.of(new MatchingRule("1", query)), Map.of(), null, null);
  }

  public static String envelope(String id, String text, Duration offset) {
    return TweetJson.writeEnvelope(tweet(id, text, offset), List.of(new MatchingRule("1", "q")));
  }

  /** A Pub/Sub message as the ingest function publishes it. */
  public static RawMessage pubsub(
      String id, String payload, Duration offset, Duration publishDelay) {
    return RawMessage.fromPubsub(
        payload.getBytes(StandardCharsets.UTF_8),
        Map.of(
            TweetMessage.TWEET_ID,
            id,
            TweetMessage.CREATED_AT,
            TweetJson.formatTimestamp(at(offset)),
            TweetMessage.QUERY,
            "nimbus x2",
            TweetMessage.LANG,
            "en",
            TweetMessage.SOURCE,
            TweetMessage.SOURCE_RECENT_SEARCH),
        "m-" + id,
        at(offset.plus(publishDelay)));
  }

  /** The samples/tweets folder of the checkout (set by the build as samples.dir). */
  public static Path samplesDir() {
    return Path.of(System.getProperty("samples.dir", "../samples/tweets"));
  }

  /** The distinct tweet ids of a recording's lines that are JSON with a numeric data.id. */
  public static List<String> tweetIdsIn(Path recording) throws java.io.IOException {
    List<String> ids = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(recording)) {
      try {
        com.fasterxml.jackson.databind.JsonNode id =
            TweetJson.mapper().readTree(line).path("data").path("id");
        if (id.isTextual() && id.asText().matches("[0-9]+") && !ids.contains(id.asText())) {
          ids.add(id.asText());
        }
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        // Not JSON: no id to account for.
      }
    }
    return ids;
  }

  /** A counter of the pipeline's namespace, summed over the steps that report it (attempted). */
  public static long counter(PipelineResult result, String name) {
    return counter(result, PipelineMetrics.NAMESPACE, name);
  }

  /** A counter of {@code namespace}, summed over the steps that report it (attempted). */
  public static long counter(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  /** The pipeline's options from {@code args}, parsed and validated as the launcher does. */
  public static SentimentOptions options(String... args) {
    PipelineOptionsFactory.register(SentimentOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(SentimentOptions.class);
  }

  /** Assertions on one element, run inside a {@code PAssert} check (so serializable). */
  public interface ElementCheck<T> extends Serializable {
    void check(T element);
  }

  /**
   * For {@code PAssert.that(...).satisfies(...)}: the collection holds exactly one element, and
   * {@code check} passes on it.
   */
  public static <T> SerializableFunction<Iterable<T>, Void> onlyElement(ElementCheck<T> check) {
    return all -> {
      assertThat(all).hasSize(1);
      check.check(all.iterator().next());
      return null;
    };
  }

  /**
   * For {@code PAssert.that(deadLetters).satisfies(...)}: exactly one dead letter, of {@code stage}
   * and {@code errorType}, for tweet {@code tweetId}, and {@code check} passes on it.
   */
  public static SerializableFunction<Iterable<DeadLetter>, Void> onlyDeadLetter(
      DeadLetter.Stage stage, String errorType, String tweetId, ElementCheck<DeadLetter> check) {
    return onlyElement(
        d -> {
          assertThat(d.stage()).isEqualTo(stage);
          assertThat(d.errorType()).isEqualTo(errorType);
          assertThat(d.tweetId()).isEqualTo(tweetId);
          check.check(d);
        });
  }

  /**
   * The full names of a pipeline's steps: the top level's when {@code topLevelOnly}, else every
   * composite and primitive inside too.
   */
  public static List<String> stepNames(Pipeline pipeline, boolean topLevelOnly) {
    List<String> names = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (!node.isRootNode() && (!topLevelOnly || node.getEnclosingNode().isRootNode())) {
              names.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (!topLevelOnly || node.getEnclosingNode().isRootNode()) {
              names.add(node.getFullName());
            }
          }
        });
    return names;
  }

  /**
   * Creates a dataset in Beam's fake BigQuery with each of {@code tables}, from its schema file
   * (infra/bigquery/): what the pipeline writes to, as 08-bigquery.sh makes it.
   */
  public static void createTables(
      FakeDatasetService datasets, String project, String dataset, List<String> tables)
      throws IOException, InterruptedException {
    datasets.createDataset(project, dataset, "", "", null);
    for (String table : tables) {
      datasets.createTable(
          new Table()
              .setTableReference(
                  new TableReference()
                      .setProjectId(project)
                      .setDatasetId(dataset)
                      .setTableId(table))
              .setSchema(TableSchemas.load(table)));
    }
  }
}
