package io.github.tweetsentiment.tools.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Calibration and share estimation on data whose true posteriors are known: three classes with
 * one-dimensional Gaussian features (means -2, 0, 2, unit variance), mixed 20/40/40 like TweetEval.
 * The "model" reports twice the true log-posteriors, so it is over-confident by a temperature of 2.
 */
class CalibrationReportTest {

  private static final double[] MIX = {0.2, 0.4, 0.4};
  private static final double[] MEANS = {-2, 0, 2};

  private final double[][] logits = new double[3000][];
  private final int[] labels = new int[3000];

  CalibrationReportTest() {
    Random random = new Random(7);
    for (int i = 0; i < labels.length; i++) {
      double u = random.nextDouble();
      int y = u < MIX[0] ? 0 : u < MIX[0] + MIX[1] ? 1 : 2;
      double x = MEANS[y] + random.nextGaussian();
      double[] logPosterior = new double[3];
      double norm = 0;
      for (int c = 0; c < 3; c++) {
        logPosterior[c] = Math.log(MIX[c]) - (x - MEANS[c]) * (x - MEANS[c]) / 2;
        norm += Math.exp(logPosterior[c]);
      }
      logits[i] = new double[3];
      for (int c = 0; c < 3; c++) {
        logits[i][c] = 2 * (logPosterior[c] - Math.log(norm));
      }
      labels[i] = y;
    }
  }

  @Test
  void temperature_recoversTheOverconfidence() {
    assertThat(TemperatureScaling.fit(logits, labels)).isCloseTo(2.0, within(0.15));
  }

  @Test
  void temperaturePerPredictedLabel_recoversOverconfidenceOfOneLabelOnly() {
    // Over-confident (x3) only where the model predicts class 0, as a head that over-predicts a
    // rare class is.
    double[][] skewed = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double factor = LinearHead.argmax(logits[i]) == 0 ? 1.5 : 0.5;
      skewed[i] = logits[i].clone();
      for (int c = 0; c < 3; c++) {
        skewed[i][c] *= factor;
      }
    }

    double[] t = TemperatureScaling.fitPerPredictedLabel(skewed, labels, 3);

    assertThat(t[0]).isCloseTo(3.0, within(0.4));
    assertThat(t[1]).isCloseTo(1.0, within(0.15));
    assertThat(t[2]).isCloseTo(1.0, within(0.15));
    for (double[] z : skewed) {
      assertThat(LinearHead.argmax(TemperatureScaling.probabilities(z, t)))
          .isEqualTo(LinearHead.argmax(z));
    }
    CalibrationReport report = CalibrationReport.run(skewed, labels, 200, 3);
    assertThat(report.eceAfter())
        .isLessThan(0.03)
        .isLessThan(report.eceAfterOneTemperature() - 0.01);
  }

  @Test
  void temperaturePerPredictedLabel_aLabelTooRarelyPredictedGetsThePooledTemperature() {
    // Class 0 is predicted for fewer than MIN_TWEETS_PER_LABEL tweets.
    int n = TemperatureScaling.MIN_TWEETS_PER_LABEL - 1 + 500;
    double[][] z = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      z[i] = logits[i].clone();
      if (LinearHead.argmax(z[i]) == 0 && i >= TemperatureScaling.MIN_TWEETS_PER_LABEL - 1) {
        z[i][0] = -10;
      }
      y[i] = labels[i];
    }

    double[] t = TemperatureScaling.fitPerPredictedLabel(z, y, 3);

    assertThat(t[0]).isEqualTo(TemperatureScaling.fit(z, y));
    assertThat(t[1]).isNotEqualTo(t[0]);
  }

  @Test
  void run_calibratesAndItsShareCorrectionBeatsCountingOnVariedMixes() {
    CalibrationReport report = CalibrationReport.run(logits, labels, 2000, 3);

    assertThat(report.eceBefore()).isGreaterThan(0.05);
    assertThat(report.eceAfter()).isLessThan(0.03).isLessThan(report.eceBefore());
    // Counting labels is biased whenever the mix differs from the one the model learned; the
    // corrections are not.
    assertThat(report.shareMae().get("pacc")).isLessThan(report.shareMae().get("cc"));
    assertThat(report.shareMae().get("acc")).isLessThan(report.shareMae().get("cc"));
    ShareCorrection correction = report.correction();
    assertThat(correction.labels()).containsExactly("negative", "neutral", "positive");
    assertThat(
            correction.validationCounts()[0]
                + correction.validationCounts()[1]
                + correction.validationCounts()[2])
        .isEqualTo(3000);
    double[][] m = correction.matrix();
    for (int t = 0; t < 3; t++) {
      assertThat(m[t][0] + m[t][1] + m[t][2]).isCloseTo(1.0, within(1e-5));
      assertThat(m[t][t]).isGreaterThan(0.5);
    }
  }
}
