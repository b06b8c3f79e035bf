package io.github.tweetsentiment.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tweetsentiment.core.ShiftDetector.Direction;
import io.github.tweetsentiment.core.ShiftDetector.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShiftDetectorTest {

  private static final ShiftDetector.Settings SETTINGS = ShiftDetector.Settings.DEFAULT;

  /** The windows (1-based) that raised an alert, over shares of {@code n} tweets each. */
  private static List<Integer> alerts(double[] shares, long n) {
    List<Integer> at = new ArrayList<>();
    ShiftDetector d = ShiftDetector.start(SETTINGS);
    for (int i = 0; i < shares.length; i++) {
      Step step = d.observe(shares[i], n, 1);
      d = step.next();
      if (step.alert().isPresent()) {
        at.add(i + 1);
      }
    }
    return at;
  }

  private static double[] binomialShares(SplittableRandom random, int windows, int n, double p) {
    double[] shares = new double[windows];
    for (int w = 0; w < windows; w++) {
      int hits = 0;
      for (int i = 0; i < n; i++) {
        hits += random.nextDouble() < p ? 1 : 0;
      }
      shares[w] = (double) hits / n;
    }
    return shares;
  }

  @Test
  void aStableStream_raisesNoAlert() {
    double[] stable = binomialShares(new SplittableRandom(7), 500, 100, 0.25);

    assertThat(alerts(stable, 100)).isEmpty();
  }

  @Test
  void aSwingFrom25To50Percent_isFoundWithinAFewWindows_upward_withItsLevels() {
    double[] shares = new double[40];
    Arrays.fill(shares, 0, 30, 0.25);
    Arrays.fill(shares, 30, 40, 0.50);
    ShiftDetector d = ShiftDetector.start(SETTINGS);
    ShiftDetector.Alert alert = null;
    int at = 0;
    for (int i = 0; i < shares.length && alert == null; i++) {
      Step step = d.observe(shares[i], 30, 1);
      d = step.next();
      alert = step.alert().orElse(null);
      at = i + 1;
    }

    assertThat(alert).isNotNull();
    assertThat(at).isBetween(31, 33);
    assertThat(alert.direction()).isEqualTo(Direction.UP);
    assertThat(alert.before()).isEqualTo(0.25);
    assertThat(alert.after()).isEqualTo(0.50);
    assertThat(alert.evidence()).isGreaterThan(SETTINGS.h());
  }

  @Test
  void aFall_isDown() {
    double[] shares = new double[20];
    Arrays.fill(shares, 0, 12, 0.40);
    Arrays.fill(shares, 12, 20, 0.10);

    assertThat(alerts(shares, 50)).hasSize(1);
    ShiftDetector d = ShiftDetector.start(SETTINGS);
    Direction direction = null;
    for (double s : shares) {
      Step step = d.observe(s, 50, 1);
      d = step.next();
      if (step.alert().isPresent()) {
        direction = step.alert().get().direction();
      }
    }
    assertThat(direction).isEqualTo(Direction.DOWN);
  }

  @Test
  void whatTheWindowsSizeExplains_isNoNews_butTheSameShareInALargerWindowIs() {
    // After a baseline of 25 %, one window at 40 %: in 20 tweets that is noise, in 400 it is not.
    double[] shares = new double[11];
    Arrays.fill(shares, 0.25);
    shares[10] = 0.40;

    assertThat(alerts(shares, 20)).isEmpty();
    assertThat(alerts(shares, 400)).containsExactly(11);
  }

  @Test
  void noAlert_duringTheWarmUp_andAWindowTooSmallForItsDesignEffect_changesNothing() {
    double[] swingAtOnce = {0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9};
    assertThat(alerts(swingAtOnce, 1000)).isEmpty();

    ShiftDetector d = ShiftDetector.start(SETTINGS);
    Step tiny = d.observe(1.0, 2, ShareEstimator.DESIGN_EFFECT);
    assertThat(tiny.next()).isSameAs(d);
    assertThat(tiny.alert()).isEmpty();
  }

  @Test
  void afterAnAlert_theNewLevelBecomesTheBaseline_soItIsNotRaisedAgain() {
    double[] shares = new double[80];
    Arrays.fill(shares, 0, 20, 0.25);
    Arrays.fill(shares, 20, 80, 0.60);

    assertThat(alerts(shares, 100)).containsExactly(21);
  }

  @Test
  void badInput_isRefused() {
    ShiftDetector d = ShiftDetector.start(SETTINGS);
    assertThatThrownBy(() -> d.observe(1.5, 10, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.observe(0.5, 10, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShiftDetector.Settings(1, 0, 0.1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
