package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.List;

/**
 * Scales each n-gram feature by how strongly it tells the classes apart in the train split before
 * the logistic regression is fitted (the naive-Bayes log-count ratios of Wang and Manning's NBSVM,
 * "Baselines and Bigrams", ACL 2012), then folds the scale back into the fitted weights.
 *
 * <p>For class {@code c} the ratio of a feature is {@code log((a + p_c) / |a + p_c|) - log((a +
 * q_c) / |a + q_c|)}, with {@code p_c} the number of class-{@code c} tweets that have the feature,
 * {@code q_c} the number of the others, and {@code a} a smoothing count; the scale is the largest
 * ratio's magnitude over the classes. Scaling a feature by {@code s} under one L2 penalty is the
 * same as penalizing its weight by {@code 1/s^2}: n-grams that split the classes are let through,
 * the rest held back. Because the model stays linear, the served head is the fitted weights times
 * the scale, and serving computes nothing new.
 */
final class NaiveBayesScaling {

  /** The smoothing count of Wang and Manning. */
  static final double SMOOTHING = 1.0;

  private NaiveBayesScaling() {}

  /**
   * The scale of every feature: 1 below {@code from} (the dense blocks), the largest log-count
   * ratio's magnitude from there on (the n-grams).
   */
  static float[] of(List<SparseVector> xs, int[] y, int classes, int from, int dimension) {
    double[][] present = new double[classes][dimension];
    for (int i = 0; i < xs.size(); i++) {
      SparseVector x = xs.get(i);
      double[] counts = present[y[i]];
      int[] idx = x.indices();
      float[] val = x.values();
      // An n-gram hashed twice into one bucket is still one tweet that has it.
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int k = 0; k < idx.length; k++) {
        if (idx[k] >= from && val[k] != 0 && seen.add(idx[k])) {
          counts[idx[k]]++;
        }
      }
    }
    double[] sum = new double[dimension];
    for (int c = 0; c < classes; c++) {
      for (int j = from; j < dimension; j++) {
        sum[j] += present[c][j];
      }
    }
    // Normalizers: over all n-gram features, each count smoothed.
    double[] inClass = new double[classes];
    double[] outOfClass = new double[classes];
    for (int c = 0; c < classes; c++) {
      for (int j = from; j < dimension; j++) {
        inClass[c] += present[c][j] + SMOOTHING;
        outOfClass[c] += sum[j] - present[c][j] + SMOOTHING;
      }
    }
    float[] scale = new float[dimension];
    java.util.Arrays.fill(scale, 0, from, 1f);
    for (int j = from; j < dimension; j++) {
      double largest = 0;
      for (int c = 0; c < classes; c++) {
        double p = (present[c][j] + SMOOTHING) / inClass[c];
        double q = (sum[j] - present[c][j] + SMOOTHING) / outOfClass[c];
        largest = Math.max(largest, Math.abs(Math.log(p / q)));
      }
      scale[j] = (float) largest;
    }
    return scale;
  }

  /** The vectors with every value multiplied by its feature's scale. */
  static List<SparseVector> apply(List<SparseVector> xs, float[] scale) {
    return xs.parallelStream()
        .map(
            x -> {
              int[] idx = x.indices();
              float[] val = new float[idx.length];
              for (int k = 0; k < idx.length; k++) {
                val[k] = x.values()[k] * scale[idx[k]];
              }
              return new SparseVector(idx, val);
            })
        .toList();
  }

  /** The head fitted on scaled features, as a head over the unscaled ones. */
  static LinearHead fold(LinearHead head, float[] scale) {
    float[] w = head.weights();
    int classes = head.classes();
    for (int j = 0; j < head.dimension(); j++) {
      for (int c = 0; c < classes; c++) {
        w[j * classes + c] *= scale[j];
      }
    }
    return new LinearHead(head.dimension(), classes, w, head.bias());
  }
}
