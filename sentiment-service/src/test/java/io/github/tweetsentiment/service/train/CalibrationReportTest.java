package io.github.tweetsentiment.service.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.tweetsentiment.core.ShareCorrection;
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
