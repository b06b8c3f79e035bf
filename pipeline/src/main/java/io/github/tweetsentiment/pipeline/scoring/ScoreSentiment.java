package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.pipeline.PipelineMetrics;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.ShardedKey;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Scores tweets through the sentiment endpoint, in batches.
 *
 * <p>Tweets are grouped with {@link GroupIntoBatches} on a single key that the runner shards across
 * workers ({@code withShardedKey}), at most {@code batchSize} per call and held at most {@code
 * maxBuffering}; a batch size of 1 makes one call per tweet. Each scored tweet keeps its {@code
 * created_at} as timestamp (a batch is emitted at its earliest tweet's, so this only moves forward)
 * and its window, so aggregation downstream windows correctly.
 *
 * <p>Outputs, in the returned tuple:
 *
 * <ul>
 *   <li>{@link #SCORED}: one {@link ScoredTweetEvent} per tweet scored;
 *   <li>{@link #DEAD_LETTERS}, stage {@code score}: each tweet the endpoint could not score after
 *       the client's retries, with the HTTP status and problem detail. A batch refused for a reason
 *       retrying cannot fix (a 4xx, an invalid response) is retried one tweet at a time first, so
 *       one bad tweet does not take its batch down with it.
 * </ul>
 */
public final class ScoreSentiment extends PTransform<PCollection<IncomingTweet>, PCollectionTuple> {

  public static final TupleTag<ScoredTweetEvent> SCORED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final ClientConfig client;
  private final int batchSize;
  private final Duration maxBuffering;

  public ScoreSentiment(ClientConfig client, int batchSize, Duration maxBuffering) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batchSize must be at least 1, got " + batchSize);
    }
    if (!maxBuffering.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--maxBufferingMillis must be positive");
    }
    this.client = client;
    this.batchSize = batchSize;
    this.maxBuffering = maxBuffering;
  }

  @Override
  public PCollectionTuple expand(PCollection<IncomingTweet> tweets) {
    return tweets
        .apply(
            "KeyForBatching",
            WithKeys.<Integer, IncomingTweet>of(0).withKeyType(TypeDescriptors.integers()))
        .apply(
            "BatchTweets",
            GroupIntoBatches.<Integer, IncomingTweet>ofSize(batchSize)
                .withMaxBufferingDuration(maxBuffering)
                .withShardedKey())
        .apply(
            "CallEndpoint",
            ParDo.of(new ScoreBatchFn(client))
                .withOutputTags(SCORED, TupleTagList.of(DEAD_LETTERS)));
  }

  /** Calls the endpoint once per batch with a client made once per DoFn instance. */
  static final class ScoreBatchFn
      extends DoFn<KV<ShardedKey<Integer>, Iterable<IncomingTweet>>, ScoredTweetEvent> {
    private final ClientConfig config;
    private final Counter scored = PipelineMetrics.counter(PipelineMetrics.TWEETS_SCORED);
    private final Map<SentimentLabel, Counter> scoredPerLabel = new EnumMap<>(SentimentLabel.class);
    private final Counter failures = PipelineMetrics.counter(PipelineMetrics.INFERENCE_FAILURES);
    private transient SentimentClient client;

    ScoreBatchFn(ClientConfig config) {
      this.config = config;
      for (SentimentLabel label : SentimentLabel.values()) {
        scoredPerLabel.put(label, PipelineMetrics.counter(PipelineMetrics.scored(label)));
      }
    }

    @Setup
    public void setup() {
      client = config.newClient(new MetricsListener());
    }

    @ProcessElement
    public void process(
        @Element KV<ShardedKey<Integer>, Iterable<IncomingTweet>> batch, MultiOutputReceiver out) {
      List<IncomingTweet> tweets = new ArrayList<>();
      batch.getValue().forEach(tweets::add);
      score(tweets, out);
    }

    private void score(List<IncomingTweet> tweets, MultiOutputReceiver out) {
      List<PredictInstance> instances = new ArrayList<>(tweets.size());
      for (IncomingTweet t : tweets) {
        instances.add(new PredictInstance(t.id(), t.tweet().text()));
      }
      List<Prediction> predictions;
      try {
        predictions = client.predict(instances);
      } catch (InferenceException e) {
        if (e.kind() == InferenceException.Kind.INTERRUPTED) {
          // The runner is cancelling this bundle: let it retry rather than dead-letter.
          Thread.currentThread().interrupt();
          throw e;
        }
        if (!e.retryable() && tweets.size() > 1) {
          for (IncomingTweet t : tweets) {
            score(List.of(t), out);
          }
          return;
        }
        for (IncomingTweet t : tweets) {
          failures.inc();
          out.get(DEAD_LETTERS).output(deadLetter(e, t));
        }
        return;
      }
      Instant now = Instant.now();
      for (int i = 0; i < tweets.size(); i++) {
        IncomingTweet t = tweets.get(i);
        Prediction p = predictions.get(i);
        scored.inc();
        scoredPerLabel.get(p.label()).inc();
        out.get(SCORED)
            .outputWithTimestamp(
                new ScoredTweetEvent(t, p, now),
                new org.joda.time.Instant(t.tweet().createdAt().toEpochMilli()));
      }
    }

    private static DeadLetter deadLetter(InferenceException e, IncomingTweet tweet) {
      String type =
          e.kind() == InferenceException.Kind.HTTP_STATUS
              ? "http_" + e.status()
              : e.kind().name().toLowerCase(Locale.ROOT);
      String message =
          e.getMessage()
              + " (attempts: "
              + e.attempts()
              + (e.detail() == null ? "" : "; detail: " + e.detail())
              + ")";
      return DeadLetter.of(Stage.SCORE, e, tweet.toRawMessage(), tweet.id())
          .withError(type, message);
    }

    @Teardown
    public void teardown() {
      if (client != null) {
        client.close();
      }
    }
  }
}
