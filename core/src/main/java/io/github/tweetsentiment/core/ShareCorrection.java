package io.github.tweetsentiment.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a model ships so that a consumer can correct per-window class shares for its errors (see
 * {@link ShareEstimator}); the sentiment service's model metadata carries it as {@code
 * share_correction}.
 *
 * @param method {@link #PACC} (sum the calibrated probabilities of a window's tweets) or {@link
 *     #ACC} (count their predicted labels)
 * @param labels the classes of the rows and columns, in order
 * @param matrix {@code matrix[t][j]}: the mean probability of class {@code j} ({@code PACC}) or the
 *     rate of predicting {@code j} ({@code ACC}) over validation tweets of true class {@code t}
 * @param validationCounts how many validation tweets of each true class the matrix was measured on
 */
@SuppressWarnings("ArrayRecordComponent")
public record ShareCorrection(
    String method,
    List<String> labels,
    double[][] matrix,
    @JsonProperty("validation_counts") long[] validationCounts)
    implements Serializable {

  /** Probabilistic adjusted classify and count: the input is per-class probability sums. */
  public static final String PACC = "probabilistic_adjusted_classify_and_count";

  /** Adjusted classify and count: the input is per-class predicted-label counts. */
  public static final String ACC = "adjusted_classify_and_count";

  public ShareCorrection {
    Objects.requireNonNull(method, "method");
    if (!method.equals(PACC) && !method.equals(ACC)) {
      throw new IllegalArgumentException("unknown share-correction method '" + method + "'");
    }
    labels = List.copyOf(labels);
    matrix = Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
    validationCounts = validationCounts.clone();
    if (matrix.length != labels.size() || validationCounts.length != labels.size()) {
      throw new IllegalArgumentException(
          "a share correction over "
              + labels.size()
              + " labels needs as many matrix rows and validation counts");
    }
  }

  /** A copy of the matrix. */
  @Override
  public double[][] matrix() {
    return Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public long[] validationCounts() {
    return validationCounts.clone();
  }

  /** Whether the input is probability sums ({@code PACC}) rather than label counts. */
  public boolean usesProbabilities() {
    return method.equals(PACC);
  }

  /**
   * The corrected shares of a window.
   *
   * @param windowSums per label, in {@link #labels()} order: probability sums for {@code PACC},
   *     predicted-label counts for {@code ACC}
   * @return estimated true shares, each in [0, 1], summing to 1
   */
  public double[] correct(double[] windowSums) {
    return ShareEstimator.correctedShares(windowSums, matrix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShareCorrection other
        && method.equals(other.method)
        && labels.equals(other.labels)
        && Arrays.deepEquals(matrix, other.matrix)
        && Arrays.equals(validationCounts, other.validationCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, labels, Arrays.deepHashCode(matrix), Arrays.hashCode(validationCounts));
  }

  @Override
  public String toString() {
    return "ShareCorrection[method="
        + method
        + ", matrix="
        + Arrays.deepToString(matrix)
        + ", validationCounts="
        + Arrays.toString(validationCounts)
        + "]";
  }
}
