package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.api.services.bigquery.model.TableRow;
import io.github.tweetsentiment.core.ShareCorrection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window row's raw shares, and its corrected shares under the model's share correction. */
class WindowRowTest {
  private static final List<String> LABELS = List.of("negative", "neutral", "positive");
  private static final Instant T = Instant.parse("2026-11-24T18:00:00Z");

  // A model that calls a fifth of the neutral tweets negative and a fifth positive.
  private static final double[][] NEUTRAL_SPILLS = {
    {1.0, 0.0, 0.0}, {0.2, 0.6, 0.2}, {0.0, 0.0, 1.0}
  };

  private static WindowSentiment window(SentimentStats stats) {
    return new WindowSentiment(T, T.plusSeconds(60), "q", stats, "ON_TIME", 0, false, T);
  }

  @Test
  void rawShares_areTheLabelCountsOverTheTotal_andCorrectedSharesAreEmptyWithoutACorrection() {
    TableRow row = new WindowRow().apply(window(new SentimentStats(2, 6, 2, 7.0, 0.0)));

    assertThat((double) row.get("negative_share")).isCloseTo(0.2, within(1e-12));
    assertThat((double) row.get("neutral_share")).isCloseTo(0.6, within(1e-12));
    assertThat((double) row.get("positive_share")).isCloseTo(0.2, within(1e-12));
    assertThat(row).doesNotContainKeys("corrected_negative_share", "corrected_neutral_share");
  }

  @Test
  void countCorrection_undoesTheModelsKnownSpill() {
    // 100 true neutral tweets seen through the model: 20 negative, 60 neutral, 20 positive.
    ShareCorrection acc =
        new ShareCorrection(ShareCorrection.ACC, LABELS, NEUTRAL_SPILLS, new long[] {1, 1, 1});

    TableRow row = new WindowRow(acc).apply(window(new SentimentStats(20, 60, 20, 70.0, 0.0)));

    assertThat((double) row.get("neutral_share")).isCloseTo(0.6, within(1e-12));
    assertThat((double) row.get("corrected_negative_share")).isCloseTo(0.0, within(1e-9));
    assertThat((double) row.get("corrected_neutral_share")).isCloseTo(1.0, within(1e-9));
    assertThat((double) row.get("corrected_positive_share")).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void probabilityCorrection_readsTheWindowsProbabilitySums_notItsLabelCounts() {
    ShareCorrection pacc =
        new ShareCorrection(ShareCorrection.PACC, LABELS, NEUTRAL_SPILLS, new long[] {1, 1, 1});
    // All ten labelled neutral, but the probabilities say 2 : 6 : 2, which is 10 neutral tweets.
    SentimentStats stats = new SentimentStats(0, 10, 0, 6.0, 0.0, 2.0, 6.0, 2.0);

    TableRow row = new WindowRow(pacc).apply(window(stats));

    assertThat((double) row.get("neutral_share")).isCloseTo(1.0, within(1e-12));
    assertThat((double) row.get("corrected_neutral_share")).isCloseTo(1.0, within(1e-9));
    assertThat((double) row.get("corrected_negative_share")).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void anEmptyPane_hasNoShares() {
    TableRow row = new WindowRow().apply(window(SentimentStats.EMPTY));

    assertThat(row.get("tweet_count")).isEqualTo(0L);
    assertThat(row).doesNotContainKeys("negative_share", "corrected_negative_share");
  }

  @Test
  void aCorrectionOverOtherLabels_isRefused() {
    ShareCorrection other =
        new ShareCorrection(
            ShareCorrection.ACC,
            List.of("positive", "neutral", "negative"),
            NEUTRAL_SPILLS,
            new long[] {1, 1, 1});

    assertThatThrownBy(() -> new WindowRow(other)).hasMessageContaining("labels must be");
  }
}
