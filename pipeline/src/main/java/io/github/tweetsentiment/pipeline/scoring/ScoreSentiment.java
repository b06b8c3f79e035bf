package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.CallStats;
import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.SentimentClient;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter;
import io.github.tweetsentiment.pipeline.deadletter.DeadLetter.Stage;
import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Scores tweets through the sentiment endpoint, in batches.
 *
 * <p>Tweets are grouped by {@link BatchTweets} over {@code shards} keys, at most {@code batchSize}
 * per call and held at most {@code maxBuffering}; a batch size of 1 makes one call per tweet. Each
 * scored tweet keeps its {@code created_at} as timestamp (a batch is emitted at its earliest
 * tweet's, so this only moves forward) and its window, so aggregation downstream windows correctly.
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
  private final BatchTweets batches;
  private final int maxCallsInFlight;

  /**
   * @param shards keys the tweets are batched over: on Dataflow, how many batches fill (and how
   *     many calls can be in flight) at once
   */
  public ScoreSentiment(
      ClientConfig client, int batchSize, Duration maxBuffering, int shards, int maxCallsInFlight) {
    if (maxCallsInFlight < 1) {
      throw new IllegalArgumentException(
          "--maxCallsInFlight must be at least 1, got " + maxCallsInFlight);
    }
    this.client = client;
    this.batches = new BatchTweets(batchSize, maxBuffering, shards);
    this.maxCallsInFlight = maxCallsInFlight;
  }

  @Override
  public PCollectionTuple expand(PCollection<IncomingTweet> tweets) {
    return tweets
        .apply("BatchTweets", batches)
        .apply(
            "CallEndpoint",
            ParDo.of(new ScoreBatchFn(client, maxCallsInFlight))
                .withOutputTags(SCORED, TupleTagList.of(DEAD_LETTERS)));
  }

  /**
   * Calls the endpoint once per batch, keeping up to {@code maxCallsInFlight} calls going at once
   * on threads of its own, so one bundle of batches does not wait for each call in turn. Results
   * are emitted on the DoFn's thread when the bundle finishes (Beam outputs and metrics belong to
   * that thread), each tweet at its {@code created_at} in its batch's window.
   */
  static final class ScoreBatchFn extends DoFn<List<IncomingTweet>, ScoredTweetEvent> {
    private final ClientConfig config;
    private final int maxCallsInFlight;
    private final Counter scored = PipelineMetrics.counter(PipelineMetrics.TWEETS_SCORED);
    private final Map<SentimentLabel, Counter> scoredPerLabel = new EnumMap<>(SentimentLabel.class);
    private final Counter failures = PipelineMetrics.counter(PipelineMetrics.INFERENCE_FAILURES);
    private transient SentimentClient client;
    private transient ExecutorService calls;
    private transient MetricsListener metrics;
    // Filled by the client on the call threads, reported on the DoFn's thread.
    private transient Queue<CallStats> finishedCalls;
    private transient Deque<InFlight> inFlight;
    private transient List<Scored> results;

    /** A batch being scored, and the window its results belong to. */
    private record InFlight(BoundedWindow window, Future<List<Scored>> results) {}

    /** One tweet's result: its scored event or its dead letter. */
    private record Scored(
        IncomingTweet tweet, ScoredTweetEvent event, DeadLetter deadLetter, BoundedWindow window) {
      Scored inWindow(BoundedWindow w) {
        return new Scored(tweet, event, deadLetter, w);
      }
    }

    ScoreBatchFn(ClientConfig config, int maxCallsInFlight) {
      this.config = config;
      this.maxCallsInFlight = maxCallsInFlight;
      for (SentimentLabel label : SentimentLabel.values()) {
        scoredPerLabel.put(label, PipelineMetrics.counter(PipelineMetrics.scored(label)));
      }
    }

    @Setup
    public void setup() {
      finishedCalls = new ConcurrentLinkedQueue<>();
      metrics = new MetricsListener();
      client = config.newClient(finishedCalls::add);
      AtomicInteger threads = new AtomicInteger();
      calls =
          Executors.newFixedThreadPool(
              maxCallsInFlight,
              r -> {
                Thread t = new Thread(r, "predict-call-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }

    @StartBundle
    public void startBundle() {
      inFlight = new ArrayDeque<>();
      results = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element List<IncomingTweet> batch, BoundedWindow window)
        throws InterruptedException {
      inFlight.add(new InFlight(window, calls.submit(() -> score(batch))));
      while (inFlight.size() > maxCallsInFlight) {
        awaitOldest();
      }
      reportCalls();
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException {
      while (!inFlight.isEmpty()) {
        awaitOldest();
      }
      reportCalls();
      for (Scored r : results) {
        org.joda.time.Instant createdAt =
            new org.joda.time.Instant(r.tweet().tweet().createdAt().toEpochMilli());
        if (r.event() != null) {
          scored.inc();
          scoredPerLabel.get(r.event().prediction().label()).inc();
          context.output(SCORED, r.event(), createdAt, r.window());
        } else {
          failures.inc();
          context.output(DEAD_LETTERS, r.deadLetter(), createdAt, r.window());
        }
      }
      results = null;
    }

    private void awaitOldest() throws InterruptedException {
      InFlight oldest = inFlight.removeFirst();
      try {
        for (Scored r : oldest.results().get()) {
          results.add(r.inWindow(oldest.window()));
        }
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InferenceException ie
            && ie.kind() == InferenceException.Kind.INTERRUPTED) {
          // The runner is cancelling this bundle: let it retry rather than dead-letter.
          Thread.currentThread().interrupt();
          throw ie;
        }
        throw new IllegalStateException("scoring a batch failed unexpectedly", cause);
      }
    }

    private void reportCalls() {
      for (CallStats stats; (stats = finishedCalls.poll()) != null; ) {
        metrics.onCall(stats);
      }
    }

    /** Scores a batch on a call thread; a batch refused for good is retried a tweet at a time. */
    private List<Scored> score(List<IncomingTweet> tweets) {
      List<PredictInstance> instances = new ArrayList<>(tweets.size());
      for (IncomingTweet t : tweets) {
        instances.add(new PredictInstance(t.id(), t.tweet().text()));
      }
      List<Prediction> predictions;
      try {
        predictions = client.predict(instances);
      } catch (InferenceException e) {
        if (e.kind() == InferenceException.Kind.INTERRUPTED) {
          throw e;
        }
        List<Scored> out = new ArrayList<>();
        if (!e.retryable() && tweets.size() > 1) {
          for (IncomingTweet t : tweets) {
            out.addAll(score(List.of(t)));
          }
          return out;
        }
        for (IncomingTweet t : tweets) {
          out.add(new Scored(t, null, deadLetter(e, t), null));
        }
        return out;
      }
      Instant now = Instant.now();
      List<Scored> out = new ArrayList<>(tweets.size());
      for (int i = 0; i < tweets.size(); i++) {
        IncomingTweet t = tweets.get(i);
        out.add(new Scored(t, new ScoredTweetEvent(t, predictions.get(i), now), null, null));
      }
      return out;
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
      if (calls != null) {
        calls.shutdownNow();
      }
      if (client != null) {
        client.close();
      }
    }
  }
}
