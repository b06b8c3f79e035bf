package io.github.tweetsentiment.pipeline.filter;

import io.github.tweetsentiment.pipeline.metrics.PipelineMetrics;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Keeps the tweets worth scoring: in one of {@code languages} (all when empty) and, with {@code
 * dropRetweets}, not a retweet (a retweet repeats its original's text and would count twice).
 * Dropped tweets are counted, not dead-lettered: they are not failures.
 */
public final class FilterTweets
    extends PTransform<PCollection<IncomingTweet>, PCollection<IncomingTweet>> {

  private final Set<String> languages;
  private final boolean dropRetweets;

  public FilterTweets(Set<String> languages, boolean dropRetweets) {
    this.languages =
        languages.stream()
            .map(l -> l.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    this.dropRetweets = dropRetweets;
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
    return input.apply("KeepWanted", ParDo.of(new KeepWantedFn(languages, dropRetweets)));
  }

  static final class KeepWantedFn extends DoFn<IncomingTweet, IncomingTweet> {
    private final Set<String> languages;
    private final boolean dropRetweets;
    private final Counter filtered = PipelineMetrics.counter(PipelineMetrics.TWEETS_FILTERED);

    KeepWantedFn(Set<String> languages, boolean dropRetweets) {
      this.languages = languages;
      this.dropRetweets = dropRetweets;
    }

    @ProcessElement
    public void process(@Element IncomingTweet tweet, OutputReceiver<IncomingTweet> out) {
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
