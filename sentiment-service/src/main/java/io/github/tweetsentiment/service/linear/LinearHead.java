package io.github.tweetsentiment.service.linear;

import io.github.tweetsentiment.service.features.SparseVector;

/**
 * A trained multinomial logistic-regression layer: {@code softmax(W x + b)} over the three
 * sentiment classes.
 *
 * <p>Weights are stored feature-major ({@code weights[f * classes + c]}) so that a sparse input
 * touches one short contiguous run per feature. Immutable and thread-safe.
 */
public final class LinearHead {

  private final int dimension;
  private final int classes;
  private final float[] weights;
  private final float[] bias;

  /** Takes ownership of the arrays. */
  public LinearHead(int dimension, int classes, float[] weights, float[] bias) {
    if (weights.length != (long) dimension * classes) {
      throw new IllegalArgumentException(
          "expected " + (long) dimension * classes + " weights, got " + weights.length);
    }
    if (bias.length != classes) {
      throw new IllegalArgumentException("expected " + classes + " biases, got " + bias.length);
    }
    this.dimension = dimension;
    this.classes = classes;
    this.weights = weights;
    this.bias = bias;
  }

  public int dimension() {
    return dimension;
  }

  public int classes() {
    return classes;
  }

  /** The class probabilities for {@code x}. */
  public double[] probabilities(SparseVector x) {
    return softmaxInPlace(logits(x));
  }

  /** The class logits {@code W x + b} for {@code x}. */
  public double[] logits(SparseVector x) {
    double[] z = new double[classes];
    for (int c = 0; c < classes; c++) {
      z[c] = bias[c];
    }
    int[] idx = x.indices();
    float[] val = x.values();
    for (int k = 0; k < idx.length; k++) {
      int base = idx[k] * classes;
      float v = val[k];
      for (int c = 0; c < classes; c++) {
        z[c] += weights[base + c] * v;
      }
    }
    return z;
  }

  /**
   * Divides the logits by the temperature of their arg-max class, then replaces them by their
   * softmax; returns the same array. The arg-max stays the arg-max.
   */
  public static double[] softmaxInPlace(double[] z, double[] temperatureByClass) {
    double t = temperatureByClass[argmax(z)];
    for (int c = 0; c < z.length; c++) {
      z[c] /= t;
    }
    return softmaxInPlace(z);
  }

  /** The index of the largest value (the first on ties). */
  public static int argmax(double[] z) {
    int arg = 0;
    for (int c = 1; c < z.length; c++) {
      if (z[c] > z[arg]) {
        arg = c;
      }
    }
    return arg;
  }

  /** Replaces logits by their softmax, computed stably; returns the same array. */
  public static double[] softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return z;
  }

  /** A copy of the weights, feature-major. */
  public float[] weights() {
    return weights.clone();
  }

  /** A copy of the biases. */
  public float[] bias() {
    return bias.clone();
  }
}
