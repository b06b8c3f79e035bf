package io.github.tweetsentiment.pipeline.filter;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps the tweets worth scoring: in one of {@code languages} (all when empty) and, with {@code
 * dropRetweets}, not a retweet (a retweet repeats its original's text and would count twice). A
 * backfill also keeps only the tweets created in its range ({@link #createdWithin}), so the windows
 * at the range's edges are whole. Dropped tweets are counted, not dead-lettered: they are not
 * failures.
 */
public final class FilterTweets
    extends PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> {

  private final Set<String> languages;
  private final boolean dropRetweets;
  private final @Nullable Instant from;
  private final @Nullable Instant to;

  public FilterTweets(Set<String> languages, boolean dropRetweets) {
    this(languages, dropRetweets, null, null);
  }

  private FilterTweets(
      Set<String> languages, boolean dropRetweets, @Nullable Instant from, @Nullable Instant to) {
    this.languages =
        languages.stream()
            .map(l -> l.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.dropRetweets = dropRetweets;
    this.from = from;
    this.to = to;
  }

  /**
   * This filter, keeping also only the tweets created in [{@code from}, {@code to}); either end may
   * be null (unbounded). Those outside are counted in {@value PipelineMetrics#TWEETS_OUT_OF_RANGE}.
   */
  public FilterTweets createdWithin(@Nullable Instant from, @Nullable Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "the created_at range is empty: " + from + " is not before " + to);
    }
    return new FilterTweets(languages, dropRetweets, from, to);
  }

  /** The languages of a comma-separated option value such as {@code "en, es"}. */
  public static Set<String> parseLanguages(String option) {
    if (option == null || option.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(option.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public PCollection<IncomingTweet> expand(PCollection<IncomingTweet> input) {
    return input.apply("KeepWanted", ParDo.of(new KeepWantedFn(languages, dropRetweets, from, to)));
  }

  static final class KeepWantedFn extends DoFn<IncomingTweet, IncomingTweet> {
    private final Set<String> languages;
    private final boolean dropRetweets;
    private final @Nullable Instant from;
    private final @Nullable Instant to;
    private final Counter filtered = PipelineMetrics.counter(PipelineMetrics.TWEETS_FILTERED);
    private final Counter outOfRange = PipelineMetrics.counter(PipelineMetrics.TWEETS_OUT_OF_RANGE);

    KeepWantedFn(
        Set<String> languages, boolean dropRetweets, @Nullable Instant from, @Nullable Instant to) {
      this.languages = languages;
      this.dropRetweets = dropRetweets;
      this.from = from;
      this.to = to;
    }

    @ProcessElement
    public void process(@Element IncomingTweet tweet, OutputReceiver<IncomingTweet> out) {
      Instant created = tweet.tweet().createdAt();
      if ((from != null && created.isBefore(from)) || (to != null && !created.isBefore(to))) {
        outOfRange.inc();
        return;
      }
      String lang = tweet.tweet().lang();
      boolean languageOk =
          languages.isEmpty()
              || (lang != null && languages.contains(lang.toLowerCase(Locale.ROOT)));
      boolean retweetOk = !dropRetweets || !tweet.tweet().isRetweet();
      if (languageOk && retweetOk) {
        out.output(tweet);
      } else {
        filtered.inc();
      }
    }
  }
}
