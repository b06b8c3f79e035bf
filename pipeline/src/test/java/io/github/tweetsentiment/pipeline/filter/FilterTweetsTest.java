package io.github.tweetsentiment.pipeline.filter;

import io.github.tweetsentiment.core.Tweet;
import io.github.tweetsentiment.pipeline.Fixtures;
import io.github.tweetsentiment.pipeline.TestPipelineExtension;
import io.github.tweetsentiment.pipeline.parse.IncomingTweet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class FilterTweetsTest {

  final transient TestPipeline p = TestPipeline.create();

  private static IncomingTweet tweet(String id, String lang, boolean retweet) {
    Tweet t =
        Fixtures.copy(Tweet.of(id, "text " + id, Fixtures.at(org.joda.time.Duration.ZERO)))
            .lang(lang)
            .referencedTweetTypes(retweet ? List.of("retweeted") : List.of())
            .build();
    return new IncomingTweet(t, "q", List.of(), Map.of(), null, null);
  }

  private PCollection<String> keptIds(FilterTweets filter) {
    return p.apply(
            Create.of(
                    tweet("1", "en", false),
                    tweet("2", "ES", false),
                    tweet("3", "fr", false),
                    tweet("4", "en", true),
                    tweet("5", null, false))
                .withCoder(IncomingTweet.IncomingTweetCoder.of()))
        .apply(filter)
        .apply(MapElements.into(TypeDescriptors.strings()).via(IncomingTweet::id));
  }

  @Test
  void languagesAndRetweets_areFilteredAsAsked() {
    PAssert.that(keptIds(new FilterTweets(FilterTweets.parseLanguages(" en, es "), true)))
        .containsInAnyOrder("1", "2");
    p.run().waitUntilFinish();
  }

  @Test
  void noFilter_keepsEverything() {
    FilterTweets none = new FilterTweets(Set.of(), false);
    PAssert.that(keptIds(none)).containsInAnyOrder("1", "2", "3", "4", "5");
    p.run().waitUntilFinish();
  }
}
