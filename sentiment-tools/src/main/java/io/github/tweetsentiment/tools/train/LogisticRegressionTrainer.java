package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fits a multinomial logistic regression with class weights and L2 regularization by full-batch
 * L-BFGS.
 *
 * <p>Minimizes {@code sum_i w(y_i) * -log p(y_i | x_i) / sum_i w(y_i) + l2/2 * |W|^2} (biases are
 * not regularized). The objective is convex and smooth, so plain L-BFGS with a backtracking
 * (Armijo) line search converges reliably, and, unlike SGD, needs no learning-rate schedule to
 * tune. The gradient is computed in parallel over {@code threads} slices of the data.
 */
public final class LogisticRegressionTrainer implements AutoCloseable {

  /** Called after every L-BFGS iteration. */
  @FunctionalInterface
  public interface Progress {
    void iteration(int iteration, double loss, double gradientNorm);
  }

  /** The outcome of one fit. */
  public record Fit(LinearHead head, double[] parameters, int iterations, double loss) {}

  private static final int HISTORY = 10;

  private final List<SparseVector> examples;
  private final int[] labels;
  private final int dimension;
  private final int classes;
  private final double[] exampleWeights;
  private final double totalWeight;
  private final int threads;
  private final ExecutorService pool;

  /**
   * @param classWeights weight of each class's examples in the loss (see {@link
   *     #balancedClassWeights})
   */
  public LogisticRegressionTrainer(
      List<SparseVector> examples,
      int[] labels,
      int dimension,
      int classes,
      double[] classWeights,
      int threads) {
    if (examples.size() != labels.length) {
      throw new IllegalArgumentException(
          examples.size() + " examples but " + labels.length + " labels");
    }
    this.examples = List.copyOf(examples);
    this.labels = labels.clone();
    this.dimension = dimension;
    this.classes = classes;
    this.exampleWeights = new double[labels.length];
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      exampleWeights[i] = classWeights[labels[i]];
      total += exampleWeights[i];
    }
    this.totalWeight = total;
    this.threads = Math.max(1, threads);
    this.pool = Executors.newFixedThreadPool(this.threads);
  }

  /**
   * sklearn's "balanced" weights: {@code n / (classes * count(c))}, so every class counts alike.
   */
  public static double[] balancedClassWeights(int[] labels, int classes) {
    double[] counts = new double[classes];
    for (int y : labels) {
      counts[y]++;
    }
    double[] weights = new double[classes];
    for (int c = 0; c < classes; c++) {
      weights[c] = counts[c] == 0 ? 0 : labels.length / (classes * counts[c]);
    }
    return weights;
  }

  /** The number of parameters: weights (feature-major) followed by the biases. */
  public int parameterCount() {
    return dimension * classes + classes;
  }

  /**
   * Fits the model.
   *
   * @param start starting parameters (a previous fit's, to warm-start a regularization path), or
   *     null for zeros
   */
  public Fit fit(
      double l2, double[] start, int maxIterations, double tolerance, Progress progress) {
    int p = parameterCount();
    double[] x = start == null ? new double[p] : start.clone();
    double[] g = new double[p];
    double f = evaluate(x, l2, g);
    List<double[]> s = new ArrayList<>();
    List<double[]> y = new ArrayList<>();
    List<Double> rho = new ArrayList<>();
    double[] d = new double[p];
    double[] xNew = new double[p];
    double[] gNew = new double[p];
    int iteration = 0;
    while (iteration < maxIterations) {
      iteration++;
      direction(g, s, y, rho, d);
      double gd = dot(g, d);
      if (gd >= 0) {
        // Not a descent direction (numerical trouble): restart from steepest descent.
        s.clear();
        y.clear();
        rho.clear();
        for (int i = 0; i < p; i++) {
          d[i] = -g[i];
        }
        gd = dot(g, d);
      }
      double step = s.isEmpty() ? 1.0 / Math.max(1.0, Math.sqrt(-gd)) : 1.0;
      double fNew = Double.NaN;
      for (int tries = 0; tries < 40; tries++) {
        for (int i = 0; i < p; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        fNew = evaluate(xNew, l2, gNew);
        if (fNew <= f + 1e-4 * step * gd) {
          break;
        }
        step *= 0.5;
      }
      if (!(fNew <= f)) {
        break; // the line search found no decrease: we are at the optimum to machine precision
      }
      double[] sk = new double[p];
      double[] yk = new double[p];
      for (int i = 0; i < p; i++) {
        sk[i] = xNew[i] - x[i];
        yk[i] = gNew[i] - g[i];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-12) {
        if (s.size() == HISTORY) {
          s.remove(0);
          y.remove(0);
          rho.remove(0);
        }
        s.add(sk);
        y.add(yk);
        rho.add(1.0 / sy);
      }
      double decrease = (f - fNew) / Math.max(1.0, Math.max(Math.abs(f), Math.abs(fNew)));
      System.arraycopy(xNew, 0, x, 0, p);
      System.arraycopy(gNew, 0, g, 0, p);
      f = fNew;
      double gNorm = Math.sqrt(dot(g, g));
      if (progress != null) {
        progress.iteration(iteration, f, gNorm);
      }
      if (decrease < tolerance || gNorm < tolerance) {
        break;
      }
    }
    return new Fit(toHead(x), x, iteration, f);
  }

  /** The head for a parameter vector laid out as {@link #parameterCount()} describes. */
  public LinearHead toHead(double[] parameters) {
    float[] w = new float[dimension * classes];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) parameters[i];
    }
    float[] b = new float[classes];
    for (int c = 0; c < classes; c++) {
      b[c] = (float) parameters[dimension * classes + c];
    }
    return new LinearHead(dimension, classes, w, b);
  }

  /** L-BFGS two-loop recursion: {@code d = -H g}. */
  private static void direction(
      double[] g, List<double[]> s, List<double[]> y, List<Double> rho, double[] d) {
    int m = s.size();
    System.arraycopy(g, 0, d, 0, g.length);
    double[] alpha = new double[m];
    for (int k = m - 1; k >= 0; k--) {
      alpha[k] = rho.get(k) * dot(s.get(k), d);
      axpy(-alpha[k], y.get(k), d);
    }
    if (m > 0) {
      double[] yl = y.get(m - 1);
      double gamma = dot(s.get(m - 1), yl) / dot(yl, yl);
      scale(d, gamma);
    }
    for (int k = 0; k < m; k++) {
      double beta = rho.get(k) * dot(y.get(k), d);
      axpy(alpha[k] - beta, s.get(k), d);
    }
    scale(d, -1);
  }

  /** The objective at {@code x}; writes its gradient into {@code grad}. */
  private double evaluate(double[] x, double l2, double[] grad) {
    int n = examples.size();
    int slice = (n + threads - 1) / threads;
    List<Future<Double>> parts = new ArrayList<>();
    List<double[]> partGrads = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * slice;
      int to = Math.min(n, from + slice);
      double[] pg = t == 0 ? grad : new double[grad.length];
      java.util.Arrays.fill(pg, 0);
      partGrads.add(pg);
      parts.add(pool.submit(() -> lossAndGradient(x, from, to, pg)));
    }
    double loss = ParallelLoss.sum(parts);
    for (int t = 1; t < threads; t++) {
      axpy(1.0, partGrads.get(t), grad);
    }
    double inv = 1.0 / totalWeight;
    scale(grad, inv);
    loss *= inv;
    int weightCount = dimension * classes;
    double reg = 0;
    for (int i = 0; i < weightCount; i++) {
      reg += x[i] * x[i];
      grad[i] += l2 * x[i];
    }
    return loss + 0.5 * l2 * reg;
  }

  /** Weighted cross-entropy of examples [from, to), adding their gradient into {@code grad}. */
  private double lossAndGradient(double[] x, int from, int to, double[] grad) {
    int biasBase = dimension * classes;
    double[] z = new double[classes];
    double loss = 0;
    for (int i = from; i < to; i++) {
      SparseVector v = examples.get(i);
      int[] idx = v.indices();
      float[] val = v.values();
      for (int c = 0; c < classes; c++) {
        z[c] = x[biasBase + c];
      }
      for (int k = 0; k < idx.length; k++) {
        int base = idx[k] * classes;
        for (int c = 0; c < classes; c++) {
          z[c] += x[base + c] * val[k];
        }
      }
      LinearHead.softmaxInPlace(z);
      int label = labels[i];
      double w = exampleWeights[i];
      loss -= w * Math.log(Math.max(z[label], 1e-300));
      for (int c = 0; c < classes; c++) {
        z[c] = w * (z[c] - (c == label ? 1 : 0));
        grad[biasBase + c] += z[c];
      }
      for (int k = 0; k < idx.length; k++) {
        int base = idx[k] * classes;
        for (int c = 0; c < classes; c++) {
          grad[base + c] += z[c] * val[k];
        }
      }
    }
    return loss;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static void scale(double[] x, double a) {
    for (int i = 0; i < x.length; i++) {
      x[i] *= a;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
