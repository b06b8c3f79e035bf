package io.github.tweetsentiment.core;

import java.util.Arrays;

/**
 * The share of each sentiment class in a window of tweets, corrected for the model's known errors.
 *
 * <p>Counting predicted labels ("classify and count") is biased whenever the classifier confuses
 * classes unevenly: a model that calls a third of neutral tweets negative makes every window look
 * more negative than it is. If {@code M[t][j]} is what the model gives class {@code j}, on average,
 * for a tweet whose true class is {@code t} (measured on labelled validation data), a window whose
 * true shares are {@code p} shows expected per-class sums {@code n * M^T p}. {@link
 * #correctedShares} inverts that: it finds the shares {@code p} on the probability simplex (each in
 * [0, 1], summing to 1) whose expected sums are closest, in least squares, to the observed ones.
 *
 * <ul>
 *   <li>With predicted-label counts as sums and {@code M} the row-normalized confusion matrix, this
 *       is adjusted classify and count (ACC).
 *   <li>With sums of calibrated probabilities and {@code M} the mean calibrated probabilities per
 *       true class, it is probabilistic adjusted classify and count (PACC).
 * </ul>
 *
 * <p>Pure Java, no state; classes are in {@link SentimentLabel} order wherever there are three, but
 * any number of classes works.
 */
public final class ShareEstimator {

  private static final double TOLERANCE = 1e-12;

  private ShareEstimator() {}

  /**
   * The plain shares of per-class sums (classify and count with label counts, probabilistic
   * classify and count with probability sums).
   *
   * @throws IllegalArgumentException when a sum is negative or not finite, or all are zero
   */
  public static double[] shares(double[] sums) {
    double total = total(sums);
    double[] out = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      out[i] = sums[i] / total;
    }
    return out;
  }

  /**
   * The shares of a window by expectation maximisation of the priors (EMQ, Saerens, Latinne and
   * Decaestecker 2002, "SLD"): the window's posteriors are re-weighted by the ratio of the current
   * estimate to the prior they were calibrated under, and the estimate becomes their mean, until it
   * settles. Needs each tweet's calibrated probabilities, not only their sums.
   *
   * @param posteriors one row per tweet: its calibrated probability of each class
   * @param sourcePrior the class shares the posteriors are calibrated to (for example the mean
   *     posterior over the data the calibration was fitted on); each positive
   * @return the estimated shares: each in [0, 1], summing to 1
   * @throws IllegalArgumentException when there are no tweets, the shapes disagree or a prior is
   *     not positive
   */
  public static double[] emq(double[][] posteriors, double[] sourcePrior) {
    double[] ones = new double[posteriors.length];
    Arrays.fill(ones, 1);
    return emq(posteriors, ones, sourcePrior);
  }

  /**
   * {@link #emq(double[][], double[])} over weighted posteriors: {@code weights[i]} tweets showed
   * {@code posteriors[i]} (a {@link PosteriorGrid} cell's centre and its count, say).
   *
   * @throws IllegalArgumentException when the weights are negative or all zero, or the shapes
   *     disagree
   */
  public static double[] emq(double[][] posteriors, double[] weights, double[] sourcePrior) {
    int k = sourcePrior.length;
    if (weights.length != posteriors.length) {
      throw new IllegalArgumentException(
          weights.length + " weights for " + posteriors.length + " posteriors");
    }
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException("a weight must be finite and not negative, got " + w);
      }
      total += w;
    }
    if (posteriors.length == 0 || total == 0) {
      throw new IllegalArgumentException("no posteriors: an empty window has no shares");
    }
    for (double p : sourcePrior) {
      if (!(p > 0) || !Double.isFinite(p)) {
        throw new IllegalArgumentException("a source prior must be positive, got " + p);
      }
    }
    double[] estimate = new double[k];
    for (int i = 0; i < posteriors.length; i++) {
      double[] row = posteriors[i];
      if (row.length != k) {
        throw new IllegalArgumentException(
            "a posterior of " + row.length + " classes, the prior has " + k);
      }
      for (int c = 0; c < k; c++) {
        estimate[c] += weights[i] * row[c] / total;
      }
    }
    double[] next = new double[k];
    double[] adjusted = new double[k];
    for (int iteration = 0; iteration < EMQ_MAX_ITERATIONS; iteration++) {
      Arrays.fill(next, 0);
      for (int i = 0; i < posteriors.length; i++) {
        if (weights[i] == 0) {
          continue;
        }
        double[] row = posteriors[i];
        double norm = 0;
        for (int c = 0; c < k; c++) {
          adjusted[c] = row[c] * estimate[c] / sourcePrior[c];
          norm += adjusted[c];
        }
        if (norm > 0) {
          for (int c = 0; c < k; c++) {
            next[c] += weights[i] * adjusted[c] / norm / total;
          }
        }
      }
      double change = 0;
      for (int c = 0; c < k; c++) {
        change = Math.max(change, Math.abs(next[c] - estimate[c]));
        estimate[c] = next[c];
      }
      if (change < EMQ_TOLERANCE) {
        break;
      }
    }
    return shares(estimate);
  }

  /**
   * How many times a binomial sample's variance an estimated share's is taken to be: a window's
   * estimate varies with its sample of tweets and with the classifier's errors. 3 was chosen on
   * TweetEval validation, where a 95 % interval then holds the drawn mix 0.93-0.98 of the time; out
   * of sample (Sentiment140) it holds it 0.95-1.00 for EMQ (docs/model.md).
   */
  public static final double DESIGN_EFFECT = 3.0;

  /**
   * A 95 % interval for a share estimated from {@code n} tweets: the Wilson score interval on an
   * effective sample of {@code n / }{@link #DESIGN_EFFECT}. A 10-point move in a window of 20
   * tweets lies well inside it.
   *
   * @return {low, high}, within [0, 1]
   * @throws IllegalArgumentException when {@code n} is not positive or the share is not in [0, 1]
   */
  public static double[] interval(double share, long n) {
    if (n <= 0 || !(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "an interval needs a share in [0, 1] and tweets, got " + share + " of " + n);
    }
    return wilson(share, n / DESIGN_EFFECT);
  }

  /** The 95 % Wilson score interval of a share {@code p} seen in a sample of {@code n}. */
  public static double[] wilson(double p, double n) {
    double z = 1.959964;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  private static final int EMQ_MAX_ITERATIONS = 1000;
  // Shares to a hundred-thousandth: far below what a window of tweets can tell apart.
  private static final double EMQ_TOLERANCE = 1e-5;

  /**
   * The shares of a window corrected with a model's error matrix.
   *
   * @param windowSums per class, over the window's tweets: how many were predicted that class (for
   *     ACC) or the sum of their probabilities of that class (for PACC)
   * @param matrix {@code matrix[t][j]}: the mean share the model gives class {@code j} on tweets of
   *     true class {@code t}; each row sums to 1
   * @return the estimated true shares: each in [0, 1], summing to 1
   * @throws IllegalArgumentException when the shapes disagree, a row does not sum to 1, or the sums
   *     are negative, not finite or all zero
   */
  public static double[] correctedShares(double[] windowSums, double[][] matrix) {
    int k = windowSums.length;
    checkMatrix(matrix, k);
    double[] q = shares(windowSums);
    // Least squares over the simplex, solved exactly: the optimum lies in the relative interior of
    // one face (a set of classes allowed above zero); on a face it is an equality-constrained
    // least-squares problem. Try every face, keep the best feasible answer. 2^k - 1 faces: 7 here.
    double[] best = null;
    double bestResidual = Double.POSITIVE_INFINITY;
    for (int face = 1; face < (1 << k); face++) {
      double[] p = solveOnFace(matrix, q, face);
      if (p == null) {
        continue;
      }
      double r = residual(matrix, q, p);
      if (r < bestResidual - TOLERANCE) {
        best = p;
        bestResidual = r;
      }
    }
    return best;
  }

  /**
   * The minimizer of {@code |M^T p - q|^2} with {@code p_i = 0} outside the face and {@code sum p =
   * 1}, or null when it is not unique or leaves the simplex.
   */
  private static double[] solveOnFace(double[][] m, double[] q, int face) {
    int k = q.length;
    int[] members = new int[Integer.bitCount(face)];
    for (int i = 0, s = 0; i < k; i++) {
      if ((face & (1 << i)) != 0) {
        members[s++] = i;
      }
    }
    int n = members.length;
    // KKT system [A^T A  1; 1^T  0] [p; lambda] = [A^T q; 1], with A = M^T restricted to the face.
    double[][] kkt = new double[n + 1][n + 2];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double dot = 0;
        for (int j = 0; j < k; j++) {
          dot += m[members[a]][j] * m[members[b]][j];
        }
        kkt[a][b] = dot;
      }
      double rhs = 0;
      for (int j = 0; j < k; j++) {
        rhs += m[members[a]][j] * q[j];
      }
      kkt[a][n] = 1;
      kkt[a][n + 1] = rhs;
      kkt[n][a] = 1;
    }
    kkt[n][n + 1] = 1;
    double[] x = solve(kkt);
    if (x == null) {
      return null;
    }
    double[] p = new double[k];
    for (int a = 0; a < n; a++) {
      if (x[a] < -1e-9) {
        return null;
      }
      p[members[a]] = Math.max(0, x[a]);
    }
    double sum = Arrays.stream(p).sum();
    for (int i = 0; i < k; i++) {
      p[i] = Math.min(1, p[i] / sum);
    }
    return p;
  }

  /** Gaussian elimination with partial pivoting on an augmented matrix; null when singular. */
  private static double[] solve(double[][] a) {
    int n = a.length;
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-10) {
        return null;
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      for (int r = 0; r < n; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c <= n; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }

  private static double residual(double[][] m, double[] q, double[] p) {
    double r = 0;
    for (int j = 0; j < q.length; j++) {
      double expected = 0;
      for (int t = 0; t < p.length; t++) {
        expected += m[t][j] * p[t];
      }
      r += (expected - q[j]) * (expected - q[j]);
    }
    return r;
  }

  private static double total(double[] sums) {
    if (sums.length == 0) {
      throw new IllegalArgumentException("no classes");
    }
    double total = 0;
    for (double s : sums) {
      if (!(s >= 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException(
            "per-class sums must be finite and non-negative, got " + Arrays.toString(sums));
      }
      total += s;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("an empty window has no shares");
    }
    return total;
  }

  private static void checkMatrix(double[][] matrix, int k) {
    if (matrix.length != k) {
      throw new IllegalArgumentException(
          "the matrix has " + matrix.length + " rows for " + k + " classes");
    }
    for (double[] row : matrix) {
      if (row.length != k) {
        throw new IllegalArgumentException(
            "every matrix row needs " + k + " entries, got " + Arrays.toString(row));
      }
      double sum = 0;
      for (double v : row) {
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException("matrix entries must be in [0, 1], got " + v);
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new IllegalArgumentException(
            "every matrix row must sum to 1 (a distribution over predictions), got "
                + Arrays.toString(row));
      }
    }
  }
}
