package io.github.tweetsentiment.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window experiment of the quantification report, on sets whose answers are known. */
class QuantifyTest {

  @TempDir Path dir;

  /** A set of {@code n} tweets per class that a model labels with certainty and rightly. */
  private static Quantify.Scored perfect(int n) {
    int[] labels = new int[3 * n];
    double[][] probabilities = new double[3 * n][];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
      probabilities[i] = new double[3];
      probabilities[i][labels[i]] = 1.0;
    }
    return new Quantify.Scored("perfect", labels, labels.clone(), probabilities);
  }

  @Test
  void aPerfectModel_estimatesTheRealisedShares_soErrorsAreOnlyTheSampleAndIntervalsHold() {
    Map<String, Quantify.Figures> f =
        Quantify.windows(
            perfect(100),
            null,
            new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
            200,
            2000,
            1,
            true,
            new Random(1));

    // Every method sees the window's own shares; what is left is how far a sample of 200 lies from
    // the mix it was drawn from, the same for all, and the Wilson interval covers the mix ~95 %.
    double cc = f.get("cc").mae();
    assertThat(cc).isBetween(0.01, 0.05);
    assertThat(f.get("pcc").mae()).isCloseTo(cc, within(1e-12));
    assertThat(f.get("emq").mae()).isCloseTo(cc, within(1e-4));
    assertThat(f.get("cc").coverage()).isBetween(0.92, 0.98);
    assertThat(f.get("cc").negativeBias()).isCloseTo(0, within(0.01));
  }

  @Test
  void aModelThatCallsEveryNeutralTweetNegative_isBiased_andCountingShowsIt() {
    Quantify.Scored set = perfect(100);
    for (int i = 0; i < set.labels().length; i++) {
      if (set.labels()[i] == 1) {
        set.predicted()[i] = 0;
        set.probabilities()[i] = new double[] {1, 0, 0};
      }
    }

    Map<String, Quantify.Figures> f =
        Quantify.windows(
            set, null, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 100, 500, 1, false, new Random(2));

    // At the set's own mix a third of each window is neutral, all counted negative.
    assertThat(f.get("cc").negativeBias()).isCloseTo(1 / 3.0, within(0.03));
  }

  @Test
  void wilson_isTheScoreInterval_andWiderForAnEffectiveSampleSmallerThanTheWindow() {
    double[] twenty = io.github.tweetsentiment.core.ShareEstimator.wilson(0.5, 20);
    assertThat(twenty[0]).isCloseTo(0.2993, within(1e-3));
    assertThat(twenty[1]).isCloseTo(0.7007, within(1e-3));
    double[] third = io.github.tweetsentiment.core.ShareEstimator.wilson(0.5, 20 / 3.0);
    assertThat(third[1] - third[0]).isGreaterThan(twenty[1] - twenty[0]);
  }

  @Test
  void withoutTheSentiment140File_itSkipsWithAMessage() {
    Quantify q = new Quantify();
    q.sentiment140 = dir.resolve("absent.csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream before = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(q.call()).isZero();
    } finally {
      System.setOut(before);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("skipped").contains("absent.csv");
  }
}
