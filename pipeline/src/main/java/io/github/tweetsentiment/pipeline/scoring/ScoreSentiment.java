package io.github.tweetsentiment.pipeline.scoring;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.predict.PredictInstance;
import io.github.tweetsentiment.inference.CallStats;
import io.github.tweetsentiment.inference.InferenceException;
import io.github.tweetsentiment.inference.InferenceListener;
import io.github.tweetsentiment.inference.RetryEvent;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
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
 *   <li>{@link #DEAD_LETTERS}, stage {@code score}: each tweet the endpoint refused for a reason no
 *       retry cures (a 4xx, a response that does not match the request), with the HTTP status and
 *       problem detail. A batch so refused is retried one tweet at a time first, so one bad tweet
 *       does not take its batch down with it. Transient failures (408, 429, 5xx, I/O) are retried
 *       until the endpoint answers, unless the {@link ClientConfig#retryBudget()} is set: then a
 *       call failing past it dead-letters its tweets.
 * </ul>
 */
public final class ScoreSentiment extends PTransform<PCollection<IncomingTweet>, PCollectionTuple> {

  public static final TupleTag<ScoredTweetEvent> SCORED = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final ClientConfig client;
  private final PTransform<PCollection<IncomingTweet>, PCollection<List<IncomingTweet>>> batches;
  private final int maxCallsInFlight;
  private final boolean backfill;

  /**
   * The streaming job's scoring.
   *
   * @param shards keys the tweets are batched over: on Dataflow, how many batches fill (and how
   *     many calls can be in flight) at once
   */
  public ScoreSentiment(
      ClientConfig client, int batchSize, Duration maxBuffering, int shards, int maxCallsInFlight) {
    this(client, new BatchTweets(batchSize, maxBuffering, shards), maxCallsInFlight, false);
  }

  private ScoreSentiment(
      ClientConfig client,
      PTransform<PCollection<IncomingTweet>, PCollection<List<IncomingTweet>>> batches,
      int maxCallsInFlight,
      boolean backfill) {
    if (maxCallsInFlight < 1) {
      throw new IllegalArgumentException(
          "--maxCallsInFlight must be at least 1, got " + maxCallsInFlight);
    }
    this.client = client;
    this.batches = batches;
    this.maxCallsInFlight = maxCallsInFlight;
    this.backfill = backfill;
  }

  /**
   * The backfill's scoring, of tweets in the global window of a batch job: batches are cut from
   * each bundle ({@link BatchPerBundle}) without a shuffle, and results leave as their calls
   * finish, so a large bundle does not pile up in memory.
   */
  public static ScoreSentiment backfill(ClientConfig client, int batchSize, int maxCallsInFlight) {
    return new ScoreSentiment(client, new BatchPerBundle(batchSize), maxCallsInFlight, true);
  }

  @Override
  public PCollectionTuple expand(PCollection<IncomingTweet> tweets) {
    return tweets
        .apply(backfill ? "BatchPerBundle" : "BatchTweets", batches)
        .apply(
            "CallEndpoint",
            ParDo.of(new ScoreBatchFn(client, maxCallsInFlight, backfill))
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
    // A batch job's results leave as their calls finish rather than when the bundle does.
    private final boolean emitAsCallsFinish;
    private final Counter scored = PipelineMetrics.counter(PipelineMetrics.TWEETS_SCORED);
    private final Map<SentimentLabel, Counter> scoredPerLabel = new EnumMap<>(SentimentLabel.class);
    private final Counter failures = PipelineMetrics.counter(PipelineMetrics.INFERENCE_FAILURES);
    private transient SentimentClient client;
    private transient ExecutorService calls;
    private transient MetricsListener metrics;
    // Filled by the client on the call threads, reported on the DoFn's thread.
    private transient Queue<CallStats> finishedCalls;
    private transient Queue<RetryEvent> retries;
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

    ScoreBatchFn(ClientConfig config, int maxCallsInFlight, boolean emitAsCallsFinish) {
      this.config = config;
      this.maxCallsInFlight = maxCallsInFlight;
      this.emitAsCallsFinish = emitAsCallsFinish;
      for (SentimentLabel label : SentimentLabel.values()) {
        scoredPerLabel.put(label, PipelineMetrics.counter(PipelineMetrics.scored(label)));
      }
    }

    @Setup
    public void setup() {
      finishedCalls = new ConcurrentLinkedQueue<>();
      retries = new ConcurrentLinkedQueue<>();
      metrics = new MetricsListener();
      client =
          config.newClient(
              new InferenceListener() {
                @Override
                public void onCall(CallStats stats) {
                  finishedCalls.add(stats);
                }

                @Override
                public void onRetry(RetryEvent retry) {
                  retries.add(retry);
                }
              });
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

    /**
     * A batch job's results go out while later batches are processed, each at its tweet's {@code
     * created_at}, which may be earlier than the batch being processed: allowed, because in a batch
     * job no tweet is late until the whole input is read.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return emitAsCallsFinish ? Duration.millis(Long.MAX_VALUE) : Duration.ZERO;
    }

    @ProcessElement
    public void process(
        @Element List<IncomingTweet> batch, BoundedWindow window, MultiOutputReceiver out)
        throws InterruptedException {
      inFlight.add(new InFlight(window, calls.submit(() -> score(batch))));
      while (inFlight.size() > maxCallsInFlight) {
        awaitOldest();
      }
      reportCalls();
      if (emitAsCallsFinish) {
        // The global window (BatchPerBundle's input), so every result belongs to this one's.
        for (Scored r : results) {
          emit(
              r,
              (event, at) -> out.get(SCORED).outputWithTimestamp(event, at),
              (dead, at) -> out.get(DEAD_LETTERS).outputWithTimestamp(dead, at));
        }
        results.clear();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException {
      while (!inFlight.isEmpty()) {
        awaitOldest();
      }
      reportCalls();
      for (Scored r : results) {
        emit(
            r,
            (event, at) -> context.output(SCORED, event, at, r.window()),
            (dead, at) -> context.output(DEAD_LETTERS, dead, at, r.window()));
      }
      results = null;
    }

    /** Counts a result and hands it, at its created_at, to the output it belongs to. */
    private void emit(
        Scored r,
        BiConsumer<ScoredTweetEvent, org.joda.time.Instant> scoredOut,
        BiConsumer<DeadLetter, org.joda.time.Instant> deadOut) {
      org.joda.time.Instant createdAt =
          new org.joda.time.Instant(r.tweet().tweet().createdAt().toEpochMilli());
      if (r.event() != null) {
        scored.inc();
        scoredPerLabel.get(r.event().prediction().label()).inc();
        scoredOut.accept(r.event(), createdAt);
      } else {
        failures.inc();
        deadOut.accept(r.deadLetter(), createdAt);
      }
    }

    /**
     * Waits for the oldest call, reporting the retries of calls still failing every second
     * meanwhile, so an outage shows in the metrics while it lasts.
     */
    private void awaitOldest() throws InterruptedException {
      InFlight oldest = inFlight.removeFirst();
      try {
        List<Scored> done;
        while (true) {
          try {
            done = oldest.results().get(1, TimeUnit.SECONDS);
            break;
          } catch (TimeoutException e) {
            reportCalls();
          }
        }
        for (Scored r : done) {
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
      for (RetryEvent retry; (retry = retries.poll()) != null; ) {
        metrics.onRetry(retry);
      }
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
