package io.github.tweetsentiment.core;

import java.io.Serializable;
import java.util.Optional;

/**
 * Tells when one query's share of a label (negative, or positive) moves beyond what its windows'
 * sizes explain: a two-sided CUSUM on binomial residuals against a baseline that follows the stream
 * while it is stable (docs/decisions/0088-shift-detection-by-cusum.md).
 *
 * <p>Each closed window gives its share {@code p} of the label among {@code n} tweets, and the
 * effective sample {@code n / designEffect} (1 for label counts, {@link
 * ShareEstimator#DESIGN_EFFECT} for estimated shares). Its residual is {@code z = (p - b) / sqrt(b
 * (1 - b) / nEff)} against the baseline {@code b}; the sums {@code up = max(0, up + z - k)} and
 * {@code down = max(0, down - z - k)} grow while windows keep landing on one side, and an alert is
 * raised when one passes {@code h}. So 8 negatives in 20 tweets against a baseline of 25 % adds 1.5
 * - k, while the same share in 100 tweets adds 3.5 - k: a small window must be joined by others
 * before it is news.
 *
 * <p>The baseline is an exponentially weighted mean of the windows that raised no suspicion (both
 * sums at zero), so a swing does not leak into the level it is measured against; after an alert the
 * windows that follow set a new baseline. No alert is raised before {@code warmUp} windows have set
 * the baseline. The state is a handful of numbers per query and label: it does not grow with the
 * stream. Immutable: {@link #observe} returns the next state.
 *
 * @param settings the detector's parameters
 * @param baseline the baseline share, or NaN before the first window
 * @param windows windows seen since the start or the last alert, counted up to the warm-up only
 * @param up the upward CUSUM
 * @param down the downward CUSUM
 */
public record ShiftDetector(Settings settings, double baseline, int windows, double up, double down)
    implements Serializable {

  /**
   * The detector's parameters.
   *
   * @param k the allowance, in standard errors a window: drifts smaller than this are absorbed
   * @param h the threshold an alert needs
   * @param alpha the baseline's weight of each new in-control window
   * @param warmUp windows that set the baseline before any alert
   */
  public record Settings(double k, double h, double alpha, int warmUp) implements Serializable {

    /** Chosen by simulation (decision 0088): at most 1 false alarm in 1,000 stable windows. */
    public static final Settings DEFAULT = new Settings(1.25, 3.0, 0.05, 10);

    public Settings {
      if (!(k >= 0) || !(h > 0) || !(alpha > 0 && alpha <= 1) || warmUp < 1) {
        throw new IllegalArgumentException(
            "k >= 0, h > 0, 0 < alpha <= 1 and warmUp >= 1, got " + k + ", " + h + ", " + alpha);
      }
    }
  }

  /** Up: the share rose; down: it fell. */
  public enum Direction {
    UP,
    DOWN
  }

  /**
   * An alert: the share moved from {@code before} (the baseline) to {@code after} (the window that
   * tipped the sum), with the sum that passed the threshold as its evidence.
   */
  public record Alert(Direction direction, double before, double after, double evidence) {}

  /** What one window did: the next state, and the alert it raised, if any. */
  public record Step(ShiftDetector next, Optional<Alert> alert) {}

  /** The smallest baseline variance: a label never seen is not a certainty. */
  private static final double MIN_SHARE = 0.02;

  /** A detector that has seen nothing. */
  public static ShiftDetector start(Settings settings) {
    return new ShiftDetector(settings, Double.NaN, 0, 0, 0);
  }

  /**
   * Takes one closed window.
   *
   * @param share the label's share in the window, in [0, 1]
   * @param n the window's tweets
   * @param designEffect how many tweets count as one independent draw (1 for label counts)
   */
  public Step observe(double share, long n, double designEffect) {
    if (!(share >= 0 && share <= 1) || designEffect < 1) {
      throw new IllegalArgumentException(
          "a share in [0, 1] and a design effect of at least 1, got "
              + share
              + ", "
              + designEffect);
    }
    double effective = n / designEffect;
    if (effective < 1) {
      return new Step(this, Optional.empty()); // Too few tweets to say anything.
    }
    if (windows < settings.warmUp()) {
      double b = Double.isNaN(baseline) ? share : baseline + (share - baseline) / (windows + 1);
      return new Step(new ShiftDetector(settings, b, windows + 1, 0, 0), Optional.empty());
    }
    double b = Math.min(1 - MIN_SHARE, Math.max(MIN_SHARE, baseline));
    double z = (share - baseline) / Math.sqrt(b * (1 - b) / effective);
    double nextUp = Math.max(0, up + z - settings.k());
    double nextDown = Math.max(0, down - z - settings.k());
    if (nextUp > settings.h() || nextDown > settings.h()) {
      Alert alert =
          new Alert(
              nextUp > settings.h() ? Direction.UP : Direction.DOWN,
              baseline,
              share,
              Math.max(nextUp, nextDown));
      // The level changed: the windows from here on set the new baseline.
      return new Step(start(settings), Optional.of(alert));
    }
    double nextBaseline =
        nextUp == 0 && nextDown == 0
            ? baseline + settings.alpha() * (share - baseline)
            : baseline; // A suspicion building: keep the level it is measured against.
    return new Step(
        new ShiftDetector(settings, nextBaseline, windows, nextUp, nextDown), Optional.empty());
  }
}
