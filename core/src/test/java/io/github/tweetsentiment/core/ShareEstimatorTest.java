package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShareEstimatorTest {

  /** A model that calls 30 % of neutral tweets negative and 20 % of positive ones neutral. */
  private static final double[][] CONFUSED = {
    {0.80, 0.15, 0.05},
    {0.30, 0.60, 0.10},
    {0.05, 0.20, 0.75},
  };

  @Test
  void shares_divideBySum() {
    assertThat(ShareEstimator.shares(new double[] {1, 3, 0})).containsExactly(0.25, 0.75, 0.0);
  }

  @Test
  void correctedShares_withAPerfectModel_areThePlainShares() {
    double[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    assertThat(ShareEstimator.correctedShares(new double[] {2, 5, 3}, identity))
        .containsExactly(new double[] {0.2, 0.5, 0.3}, within(1e-12));
  }

  @Test
  void correctedShares_undoTheModelsExpectedConfusion() {
    double[] truth = {0.1, 0.7, 0.2};
    double[] observed = expectedSums(CONFUSED, truth, 150);
    // Counting alone overstates negative: 0.08 + 0.21 + 0.01 = 0.30 instead of 0.10.
    assertThat(ShareEstimator.shares(observed)[0]).isCloseTo(0.30, within(1e-9));
    assertThat(ShareEstimator.correctedShares(observed, CONFUSED))
        .containsExactly(truth, within(1e-9));
  }

  @Test
  void correctedShares_outsideWhatTheModelCanExplain_areClippedToTheSimplex() {
    // More "negative" than even an all-negative window would show: the inversion would give
    // a negative share of neutral and positive; the estimate is all negative instead.
    double[] observed = {95, 4, 1};
    double[] p = ShareEstimator.correctedShares(observed, CONFUSED);
    assertThat(p).containsExactly(new double[] {1, 0, 0}, within(1e-9));

    // No negative predictions at all: the true negative share is estimated as zero, not below.
    double[] q = ShareEstimator.correctedShares(new double[] {0, 50, 50}, CONFUSED);
    assertThat(q[0]).isZero();
    assertThat(Arrays.stream(q).sum()).isCloseTo(1.0, within(1e-12));
    for (double v : q) {
      assertThat(v).isBetween(0.0, 1.0);
    }
  }

  @Test
  void correctedShares_alwaysLieOnTheSimplex() {
    Random random = new Random(15);
    for (int trial = 0; trial < 2000; trial++) {
      double[] sums = {random.nextInt(60), random.nextInt(60), random.nextInt(60) + 1};
      double[] p = ShareEstimator.correctedShares(sums, CONFUSED);
      assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-9));
      for (double v : p) {
        assertThat(v).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void correctedShares_rejectWhatCannotBeAMatrixOrAWindow() {
    assertThatThrownBy(() -> ShareEstimator.correctedShares(new double[] {0, 0, 0}, CONFUSED))
        .hasMessageContaining("empty window");
    assertThatThrownBy(() -> ShareEstimator.correctedShares(new double[] {1, -1, 3}, CONFUSED))
        .hasMessageContaining("non-negative");
    assertThatThrownBy(() -> ShareEstimator.correctedShares(new double[] {1, 2}, CONFUSED))
        .hasMessageContaining("3 rows for 2 classes");
    double[][] notStochastic = {{0.5, 0.2, 0.1}, {0, 1, 0}, {0, 0, 1}};
    assertThatThrownBy(() -> ShareEstimator.correctedShares(new double[] {1, 2, 3}, notStochastic))
        .hasMessageContaining("sum to 1");
  }

  @Test
  void shareCorrection_correctsAndRoundTripsAsJson() throws Exception {
    ShareCorrection correction =
        new ShareCorrection(
            ShareCorrection.PACC,
            List.of("negative", "neutral", "positive"),
            CONFUSED,
            new long[] {312, 869, 819});
    String json = TweetJson.mapper().writeValueAsString(correction);
    assertThat(json)
        .contains("\"method\":\"probabilistic_adjusted_classify_and_count\"")
        .contains("\"validation_counts\":[312,869,819]")
        .contains("\"matrix\":[[0.8,0.15,0.05],");
    ShareCorrection back = TweetJson.mapper().readValue(json, ShareCorrection.class);
    assertThat(back).isEqualTo(correction);
    assertThat(back.usesProbabilities()).isTrue();
    double[] truth = {0.5, 0.25, 0.25};
    assertThat(back.correct(expectedSums(CONFUSED, truth, 40)))
        .containsExactly(truth, within(1e-9));
  }

  @Test
  void shareCorrection_rejectsAnUnknownMethod() {
    assertThatThrownBy(
            () -> new ShareCorrection("guess", List.of("a"), new double[][] {{1}}, new long[] {1}))
        .hasMessageContaining("unknown share-correction method");
  }

  /** What a window of {@code n} tweets with shares {@code p} sums to, on average. */
  private static double[] expectedSums(double[][] m, double[] p, int n) {
    double[] sums = new double[p.length];
    for (int t = 0; t < p.length; t++) {
      for (int j = 0; j < p.length; j++) {
        sums[j] += n * p[t] * m[t][j];
      }
    }
    return sums;
  }

  @Test
  void emq_recoversAShiftedPrior_fromCalibratedPosteriors() {
    // Two classes; a calibrated model (under a 50/50 prior) shows p0 = 0.8 on "type A" tweets and
    // 0.2 on "type B"; class 0 is type A 80 % of the time, class 1 20 %. A window whose true mix is
    // 80/20 then holds 0.8 * 0.8 + 0.2 * 0.2 = 68 % type A.
    double[][] window = new double[100][];
    for (int i = 0; i < 100; i++) {
      window[i] = i < 68 ? new double[] {0.8, 0.2} : new double[] {0.2, 0.8};
    }

    double[] pcc = ShareEstimator.shares(new double[] {0.8 * 68 + 0.2 * 32, 0.2 * 68 + 0.8 * 32});
    double[] emq = ShareEstimator.emq(window, new double[] {0.5, 0.5});

    // Averaging the posteriors pulls the share toward the calibration prior; EMQ undoes that.
    assertThat(pcc[0]).isCloseTo(0.608, within(1e-9));
    assertThat(emq[0]).isCloseTo(0.8, within(1e-3));
    assertThat(emq[0] + emq[1]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void emq_atTheSourcePrior_changesNothing_andRefusesAnEmptyWindow() {
    // The window's mean posterior is the prior the posteriors are calibrated to: nothing shifted.
    double[][] window = {{0.1, 0.9}, {0.5, 0.5}};

    double[] emq = ShareEstimator.emq(window, new double[] {0.3, 0.7});

    assertThat(emq[0]).isCloseTo(0.3, within(1e-6));
    assertThatThrownBy(() -> ShareEstimator.emq(new double[0][], new double[] {0.5, 0.5}))
        .hasMessageContaining("empty window");
  }

  @Test
  void interval_isWideForAFewTweets_andNarrowsWithMore() {
    double[] twenty = ShareEstimator.interval(0.4, 20);
    double[] thousand = ShareEstimator.interval(0.4, 1000);

    // 8 negatives in 20 tweets: a share of 0.3 or 0.5 is as plausible as 0.4.
    assertThat(twenty[0]).isLessThan(0.2);
    assertThat(twenty[1]).isGreaterThan(0.6);
    assertThat(thousand[1] - thousand[0]).isBetween(0.08, 0.12);
    assertThat(ShareEstimator.interval(0.0, 50)[0]).isZero();
    assertThatThrownBy(() -> ShareEstimator.interval(0.5, 0)).hasMessageContaining("tweets");
  }
}
