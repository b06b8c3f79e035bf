package io.github.tweetsentiment.core;

import java.util.Arrays;

/**
 * Three-class posteriors rounded to a grid of step 0.1 on the simplex: 66 cells, so that a window
 * can keep how many of its tweets fell in each cell (a bounded histogram) instead of every tweet's
 * probabilities, and still estimate its shares by EMQ ({@link ShareEstimator#emq(double[][],
 * double[], double[])}): on TweetEval validation and Sentiment140 the grid changes EMQ's window
 * error by at most 0.002 (docs/model.md).
 */
public final class PosteriorGrid {

  /** Grid steps per unit: a cell is 0.1 wide. */
  public static final int STEPS = 10;

  /** Cells of the grid on the three-class simplex: (STEPS + 1)(STEPS + 2) / 2. */
  public static final int CELLS = (STEPS + 1) * (STEPS + 2) / 2;

  /** The smallest probability a cell's centre gives a class, so EMQ can still move its share. */
  private static final double FLOOR = 1e-3;

  private static final double[][] CENTRES = centres();

  private PosteriorGrid() {}

  /**
   * The cell of a posterior, in negative, neutral, positive order.
   *
   * @throws IllegalArgumentException unless it has three probabilities
   */
  public static int cell(double[] posterior) {
    if (posterior.length != 3) {
      throw new IllegalArgumentException("a posterior of 3 classes, got " + posterior.length);
    }
    int i = (int) Math.round(clamp(posterior[0]) * STEPS);
    int j = (int) Math.round(clamp(posterior[1]) * STEPS);
    if (i + j > STEPS) {
      j = STEPS - i;
    }
    return offset(i) + j;
  }

  /** A cell's centre as a posterior: each class at least a small floor, summing to 1. */
  public static double[] centre(int cell) {
    return CENTRES[cell].clone();
  }

  /** The centres of every cell, one row per cell. */
  public static double[][] centres() {
    double[][] out = new double[CELLS][];
    for (int i = 0; i <= STEPS; i++) {
      for (int j = 0; i + j <= STEPS; j++) {
        double[] q = {
          Math.max(i / (double) STEPS, FLOOR),
          Math.max(j / (double) STEPS, FLOOR),
          Math.max((STEPS - i - j) / (double) STEPS, FLOOR)
        };
        double sum = q[0] + q[1] + q[2];
        out[offset(i) + j] = Arrays.stream(q).map(v -> v / sum).toArray();
      }
    }
    return out;
  }

  /** Where row {@code i} (the negative probability i / STEPS) starts. */
  private static int offset(int i) {
    return i * (STEPS + 1) - i * (i - 1) / 2;
  }

  private static double clamp(double p) {
    return Double.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
  }
}
