package io.github.tweetsentiment.pipeline;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a launcher puts in place of options the command line left out: a local run replays the
 * bundled recording, scores with the service it started, and uses fewer keys than Dataflow. Read
 * once, by {@link PipelineConfig#from}; the options themselves are never edited.
 *
 * @param input the input when none is given (and no Pub/Sub input), or null
 * @param endpoint the URL of a service the launcher started itself, used in place of {@code
 *     --sentimentEndpoint}; null uses the option
 * @param dedupShards in place of {@code --dedupShards} when not given; 0 keeps the option's default
 * @param scoringShards in place of {@code --scoringShards}; 0 keeps the option's default
 * @param batchSize in place of {@code --batchSize}; 0 keeps the option's default
 * @param maxCallsInFlight in place of {@code --maxCallsInFlight}; 0 keeps the option's default
 */
public record LaunchDefaults(
    @Nullable String input,
    @Nullable String endpoint,
    int dedupShards,
    int scoringShards,
    int batchSize,
    int maxCallsInFlight) {

  /** Dataflow's: the options as given, with their own defaults. */
  public static final LaunchDefaults NONE = new LaunchDefaults(null, null, 0, 0, 0, 0);

  /** The input of {@code o}: as given, or this default when neither it nor Pub/Sub is given. */
  public @Nullable String inputFor(SentimentOptions o) {
    boolean pubsub = o.getInputSubscription() != null || o.getInputTopic() != null;
    return o.getInput() != null || pubsub ? o.getInput() : input;
  }

  /** The endpoint of {@code o}: the launcher's own service, or the option. */
  public @Nullable String endpointFor(SentimentOptions o) {
    return endpoint != null ? endpoint : o.getSentimentEndpoint();
  }
}
