package io.github.tweetsentiment.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.api.services.bigquery.model.TableRow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A window row's raw shares, and its corrected shares when the pane carries them. */
class WindowRowTest {
  private static final Instant T = Instant.parse("2026-11-24T18:00:00Z");

  private static WindowSentiment window(SentimentStats stats) {
    return new WindowSentiment(T, T.plusSeconds(60), "q", stats, "ON_TIME", 0, false, T);
  }

  /** The row of a pane of {@code stats} whose corrected shares are {@code corrected}. */
  private static TableRow correctedRow(SentimentStats stats, WindowSentiment.Shares corrected) {
    return new WindowRow().apply(window(stats).withCorrected(corrected));
  }

  private static double share(TableRow row, String field) {
    return (double) row.get(field);
  }

  @Test
  void rawShares_areTheLabelCountsOverTheTotal_andCorrectedSharesAreEmptyWithoutACorrection() {
    TableRow row = new WindowRow().apply(window(new SentimentStats(2, 6, 2, 7.0, 0.0)));

    assertThat(share(row, "negative_share")).isCloseTo(0.2, within(1e-12));
    assertThat(share(row, "neutral_share")).isCloseTo(0.6, within(1e-12));
    assertThat(share(row, "positive_share")).isCloseTo(0.2, within(1e-12));
    assertThat(row).doesNotContainKeys("corrected_negative_share", "corrected_neutral_share");
  }

  @Test
  void correctedShares_areThePanes() {
    TableRow row =
        correctedRow(
            new SentimentStats(20, 60, 20, 70.0, 0.0), new WindowSentiment.Shares(0.1, 0.7, 0.2));

    assertThat(share(row, "neutral_share")).isCloseTo(0.6, within(1e-12));
    assertThat(row.get("corrected_negative_share")).isEqualTo(0.1);
    assertThat(row.get("corrected_neutral_share")).isEqualTo(0.7);
    assertThat(row.get("corrected_positive_share")).isEqualTo(0.2);
    // Intervals from the window's 100 tweets around each corrected share.
    assertThat(share(row, "corrected_neutral_share_low")).isBetween(0.5, 0.7);
    assertThat(share(row, "corrected_neutral_share_high")).isBetween(0.7, 0.9);
    assertThat(share(row, "corrected_negative_share_low")).isLessThan(0.1);
  }

  @Test
  void aWindowOfTwentyTweets_hasAWideInterval_soATenPointMoveIsInsideIt() {
    TableRow row =
        correctedRow(
            new SentimentStats(8, 6, 6, 10.0, 0.0), new WindowSentiment.Shares(0.4, 0.3, 0.3));

    assertThat(share(row, "corrected_negative_share_low")).isLessThan(0.3);
    assertThat(share(row, "corrected_negative_share_high")).isGreaterThan(0.5);
  }

  @Test
  void anEmptyPane_hasNoShares() {
    TableRow row = new WindowRow().apply(window(SentimentStats.EMPTY));

    assertThat(row.get("tweet_count")).isEqualTo(0L);
    assertThat(row).doesNotContainKeys("negative_share", "corrected_negative_share");
  }
}
