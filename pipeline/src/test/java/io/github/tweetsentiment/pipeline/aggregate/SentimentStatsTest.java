package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.tweetsentiment.core.Prediction;
import org.junit.jupiter.api.Test;

class SentimentStatsTest {

  private static SentimentStats scoredBy(String version) {
    return SentimentStats.of(
        Prediction.fromProbabilities(new double[] {0.1, 0.2, 0.7}, "accurate", version));
  }

  @Test
  void aWindowScoredByOneVersion_namesIt() {
    SentimentStats sum = scoredBy("v1").plus(scoredBy("v1")).plus(SentimentStats.EMPTY);

    assertThat(sum.modelVersion()).isEqualTo("v1");
    assertThat(sum.positive()).isEqualTo(2);
    assertThat(sum.positiveProbability()).isEqualTo(1.4);
  }

  @Test
  void aWindowScoredAcrossARedeploy_namesEveryVersion_inOneOrderWhateverTheOrderOfTheSums() {
    SentimentStats a = scoredBy("v2").plus(scoredBy("v1"));
    SentimentStats b = scoredBy("v1").plus(scoredBy("v2")).plus(scoredBy("v1"));

    assertThat(a.modelVersion()).isEqualTo("v1,v2");
    assertThat(b.modelVersion()).isEqualTo("v1,v2");
    assertThat(a.plus(scoredBy("v3")).modelVersion()).isEqualTo("v1,v2,v3");
  }

  @Test
  void aServiceThatNamesNoVersion_leavesItEmpty() {
    assertThat(scoredBy(null).plus(scoredBy(null)).modelVersion()).isNull();
    assertThat(scoredBy(null).plus(scoredBy("v1")).modelVersion()).isEqualTo("v1");
  }

  @Test
  void aWindowScoredByOneVersion_isOnePart_theWhole_andCarriesNoBreakdown() {
    SentimentStats sum = SentimentStats.EMPTY.plus(scoredBy("v1")).plus(scoredBy("v1"));

    assertThat(sum.versionParts()).as("nothing extra to encode").isEmpty();
    assertThat(sum.parts()).singleElement().satisfies(p -> assertThat(p.count()).isEqualTo(2));
    assertThat(sum.parts().get(0).version()).isEqualTo("v1");
  }

  @Test
  void aWindowScoredAcrossARedeploy_keepsEachVersionsPart_whateverTheOrderOfTheSums() {
    SentimentStats a = scoredBy("v2").plus(scoredBy("v1")).plus(scoredBy("v2"));
    SentimentStats b = scoredBy("v1").plus(scoredBy("v2").plus(scoredBy("v2")));

    assertThat(a).isEqualTo(b);
    assertThat(a.parts())
        .extracting(SentimentStats.VersionPart::version, SentimentStats.VersionPart::count)
        .containsExactly(tuple("v1", 1L), tuple("v2", 2L));
    assertThat(a.parts().get(1).positiveProbability()).isEqualTo(1.4);
    assertThat(scoredBy(null).plus(scoredBy("v1")).parts())
        .extracting(SentimentStats.VersionPart::version)
        .containsExactly("", "v1");
  }
}
