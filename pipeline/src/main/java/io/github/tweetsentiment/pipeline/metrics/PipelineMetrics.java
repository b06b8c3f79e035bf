package io.github.tweetsentiment.pipeline.metrics;

import io.github.tweetsentiment.core.SentimentLabel;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The names of the pipeline's Beam metrics, all in one namespace so dashboards and the local
 * summary find them. Dataflow shows them under "Custom counters".
 */
public final class PipelineMetrics {

  /** The namespace of every metric below. */
  public static final String NAMESPACE = "tweet-sentiment";

  /** Messages (or recorded lines) read. */
  public static final String MESSAGES_READ = "messages_read";

  /** Messages holding no tweet: an empty search page. Nothing wrong, nothing to score. */
  public static final String EMPTY_ENVELOPES = "empty_envelopes";

  /**
   * Replayed lines whose earliest created_at is further behind the latest one read before them than
   * the replay's watermark lag: late for their windows, as on a live stream.
   */
  public static final String REPLAY_OUT_OF_ORDER = "replay_out_of_order";

  /** Tweets parsed successfully (a search page yields several). */
  public static final String TWEETS_PARSED = "tweets_parsed";

  /** Messages or tweets that failed to parse. */
  public static final String PARSE_FAILURES = "parse_failures";

  /** Tweets dropped because their id was seen within the dedup horizon. */
  public static final String DUPLICATES_DROPPED = "duplicates_dropped";

  /**
   * Tweets let through deduplication unchecked because their {@code created_at} is older than any
   * id their shard still remembers (more than one to two horizons behind the newest tweets).
   */
  public static final String DEDUP_TOO_OLD = "dedup_too_old";

  /** Tweets dropped on purpose by the language or retweet filter. */
  public static final String TWEETS_FILTERED = "tweets_filtered";

  /** Tweets a backfill left out because they were created outside its range. */
  public static final String TWEETS_OUT_OF_RANGE = "tweets_out_of_range";

  /** Tweets scored, all labels. */
  public static final String TWEETS_SCORED = "tweets_scored";

  /** Tweets the sentiment endpoint could not score after the client's retries. */
  public static final String INFERENCE_FAILURES = "inference_failures";

  /** Predict calls made (one per batch, more when a failed batch is split). */
  public static final String INFERENCE_CALLS = "inference_calls";

  /** HTTP attempts of the predict calls, retries included. */
  public static final String INFERENCE_ATTEMPTS = "inference_attempts";

  /**
   * Failed predict attempts about to be retried: rising while the endpoint fails (each wait also
   * goes into {@link #THROTTLING_MSECS}).
   */
  public static final String INFERENCE_RETRIES = "inference_retries";

  /** Wall time of each predict call in milliseconds, retries included. */
  public static final String INFERENCE_LATENCY_MS = "inference_latency_ms";

  /** Tweets per predict call. */
  public static final String BATCH_SIZE = "batch_size";

  /**
   * Tweets counted in a window's aggregate; tweets scored minus this is what came too late for its
   * window (scored and written, left out of the aggregates).
   */
  public static final String TWEETS_WINDOWED = "tweets_windowed";

  /** Rows of sentiment_windows emitted (one per window, query and pane). */
  public static final String WINDOWS_WRITTEN = "windows_written";

  /**
   * Window panes written with raw shares only because the share correction of a model version that
   * scored them could not be had: the service did not answer within the retry budget, or no longer
   * serves that version.
   */
  public static final String SHARE_CORRECTION_UNAVAILABLE = "share_correction_unavailable";

  /** Dead-letter records produced, all stages. */
  public static final String DEAD_LETTERS = "dead_letters";

  /** Dead letters that the dead-letter table itself rejected: logged, counted, not retried. */
  public static final String DEAD_LETTER_WRITE_FAILURES = "dead_letter_write_failures";

  /** Dataflow's autoscaler reads this namespace and name as time spent throttled by a backend. */
  public static final String THROTTLING_NAMESPACE = "beam-throttling-metrics";

  /** Milliseconds spent waiting on a backend that pushed back (429, 503, Retry-After). */
  public static final String THROTTLING_MSECS = "throttling-msecs";

  private PipelineMetrics() {}

  /** A counter in the pipeline's namespace. */
  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /** A distribution in the pipeline's namespace. */
  public static Distribution distribution(String name) {
    return Metrics.distribution(NAMESPACE, name);
  }

  /** The name of the counter of tweets scored with {@code label}: {@code scored_positive}. */
  public static String scored(SentimentLabel label) {
    return "scored_" + label.wireName();
  }
}
