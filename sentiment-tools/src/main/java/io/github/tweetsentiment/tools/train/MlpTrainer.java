package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.mlp.MlpHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an {@link MlpHead} with class-weighted cross-entropy, mini-batch AdamW and dropout on the
 * hidden layer.
 *
 * <p>Deterministic for a given seed and thread count: the shuffles, the initialization and the
 * dropout masks come from seeded generators, and each thread's share of a mini-batch is fixed.
 */
public final class MlpTrainer implements AutoCloseable {

  /**
   * How to train.
   *
   * @param hidden hidden units
   * @param epochs passes over the data
   * @param batchSize examples per update
   * @param learningRate Adam's step size at the start (it decays linearly to a tenth)
   * @param weightDecay decoupled L2 decay per step, times the learning rate (AdamW)
   * @param dropout probability of zeroing a hidden unit while training
   * @param seed for the initialization, the shuffles and dropout
   */
  public record Settings(
      int hidden,
      int epochs,
      int batchSize,
      double learningRate,
      double weightDecay,
      double dropout,
      long seed) {}

  /** Called after each epoch with the head as it stands; returning false stops training. */
  @FunctionalInterface
  public interface EpochListener {
    boolean epoch(int epoch, double trainLoss, MlpHead head);
  }

  private final float[][] x;
  private final int[] y;
  private final double[] exampleWeight;
  private final int classes;
  private final int threads;
  private final ExecutorService pool;

  /**
   * @param x standardized dense features, one row per example (not copied: do not modify)
   * @param classWeights weight of each class's examples in the loss
   */
  public MlpTrainer(float[][] x, int[] y, int classes, double[] classWeights, int threads) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " examples but " + y.length + " labels");
    }
    this.x = x;
    this.y = y.clone();
    this.classes = classes;
    this.exampleWeight = new double[y.length];
    double mean = 0;
    for (int i = 0; i < y.length; i++) {
      exampleWeight[i] = classWeights[y[i]];
      mean += exampleWeight[i] / y.length;
    }
    for (int i = 0; i < y.length; i++) {
      exampleWeight[i] /= mean;
    }
    this.threads = Math.max(1, threads);
    this.pool = Executors.newFixedThreadPool(this.threads);
  }

  /** Trains from a fresh initialization. */
  public MlpHead fit(Settings s, EpochListener listener) {
    int d = x[0].length;
    int h = s.hidden();
    Random random = new Random(s.seed());
    float[][] params = {
      new float[d * h], new float[h], new float[h * classes], new float[classes],
    };
    // He initialization for the ReLU layer, Glorot for the output layer.
    double std1 = Math.sqrt(2.0 / d);
    for (int i = 0; i < params[0].length; i++) {
      params[0][i] = (float) (random.nextGaussian() * std1);
    }
    double std2 = Math.sqrt(2.0 / (h + classes));
    for (int i = 0; i < params[2].length; i++) {
      params[2][i] = (float) (random.nextGaussian() * std2);
    }
    float[][] m = zerosLike(params);
    float[][] v = zerosLike(params);
    float[][][] grads = new float[threads][][];
    for (int t = 0; t < threads; t++) {
      grads[t] = zerosLike(params);
    }
    int n = x.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int stepsPerEpoch = (n + s.batchSize() - 1) / s.batchSize();
    int totalSteps = stepsPerEpoch * s.epochs();
    int step = 0;
    for (int epoch = 1; epoch <= s.epochs(); epoch++) {
      shuffle(order, random);
      double epochLoss = 0;
      for (int from = 0; from < n; from += s.batchSize()) {
        int to = Math.min(n, from + s.batchSize());
        long dropSeed = random.nextLong();
        epochLoss += gradients(params, grads, order, from, to, s.dropout(), dropSeed);
        step++;
        double lr = s.learningRate() * (1 - 0.9 * step / (double) totalSteps);
        adamw(params, grads, m, v, step, lr, s.weightDecay(), 1.0 / (to - from));
      }
      if (listener != null && !listener.epoch(epoch, epochLoss / n, snapshot(d, params))) {
        break;
      }
    }
    return snapshot(d, params);
  }

  private static MlpHead snapshot(int d, float[][] p) {
    return new MlpHead(d, p[0].clone(), p[1].clone(), p[2].clone(), p[3].clone());
  }

  /** Sums the batch's gradients into grads[0] (each thread fills its own first); returns loss. */
  private double gradients(
      float[][] params,
      float[][][] grads,
      int[] order,
      int from,
      int to,
      double dropout,
      long dropSeed) {
    int per = (to - from + threads - 1) / threads;
    List<Future<Double>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int a = from + t * per;
      int b = Math.min(to, a + per);
      float[][] g = grads[t];
      long seed = dropSeed + t;
      parts.add(pool.submit(() -> backprop(params, g, order, a, b, dropout, seed)));
    }
    double loss = ParallelLoss.sum(parts);
    for (int t = 1; t < threads; t++) {
      for (int p = 0; p < params.length; p++) {
        float[] dst = grads[0][p];
        float[] src = grads[t][p];
        for (int i = 0; i < dst.length; i++) {
          dst[i] += src[i];
        }
      }
    }
    return loss;
  }

  private double backprop(
      float[][] p, float[][] g, int[] order, int from, int to, double dropout, long seed) {
    for (float[] a : g) {
      java.util.Arrays.fill(a, 0);
    }
    float[] w1 = p[0];
    float[] b1 = p[1];
    float[] w2 = p[2];
    float[] b2 = p[3];
    int h = b1.length;
    int d = x[0].length;
    Random random = new Random(seed);
    float keep = (float) (1 - dropout);
    float[] hid = new float[h];
    float[] dh = new float[h];
    double[] z = new double[classes];
    double loss = 0;
    for (int r = from; r < to; r++) {
      int i = order[r];
      float[] xi = x[i];
      System.arraycopy(b1, 0, hid, 0, h);
      for (int j = 0; j < d; j++) {
        float xv = xi[j];
        int base = j * h;
        for (int k = 0; k < h; k++) {
          hid[k] += xv * w1[base + k];
        }
      }
      for (int k = 0; k < h; k++) {
        boolean dropped = dropout > 0 && random.nextFloat() >= keep;
        hid[k] = hid[k] > 0 && !dropped ? hid[k] / keep : 0;
      }
      for (int c = 0; c < classes; c++) {
        z[c] = b2[c];
      }
      for (int k = 0; k < h; k++) {
        if (hid[k] != 0) {
          for (int c = 0; c < classes; c++) {
            z[c] += hid[k] * w2[k * classes + c];
          }
        }
      }
      io.github.tweetsentiment.service.linear.LinearHead.softmaxInPlace(z);
      double w = exampleWeight[i];
      loss -= w * Math.log(Math.max(z[y[i]], 1e-300));
      java.util.Arrays.fill(dh, 0);
      for (int c = 0; c < classes; c++) {
        float dz = (float) (w * (z[c] - (c == y[i] ? 1 : 0)));
        g[3][c] += dz;
        for (int k = 0; k < h; k++) {
          if (hid[k] != 0) {
            g[2][k * classes + c] += hid[k] * dz;
            dh[k] += w2[k * classes + c] * dz;
          }
        }
      }
      for (int k = 0; k < h; k++) {
        // Through ReLU and dropout: a unit that was zero passes no gradient; a kept one was scaled.
        dh[k] = hid[k] != 0 ? dh[k] / keep : 0;
        g[1][k] += dh[k];
      }
      float[] gw1 = g[0];
      for (int j = 0; j < d; j++) {
        float xv = xi[j];
        int base = j * h;
        for (int k = 0; k < h; k++) {
          gw1[base + k] += xv * dh[k];
        }
      }
    }
    return loss;
  }

  private static void adamw(
      float[][] params,
      float[][][] grads,
      float[][] m,
      float[][] v,
      int step,
      double lr,
      double weightDecay,
      double scale) {
    double b1 = 0.9;
    double b2 = 0.999;
    double c1 = 1 - Math.pow(b1, step);
    double c2 = 1 - Math.pow(b2, step);
    float a = (float) (lr * Math.sqrt(c2) / c1);
    float decay = (float) (1 - lr * weightDecay);
    for (int p = 0; p < params.length; p++) {
      float[] w = params[p];
      float[] g = grads[0][p];
      float[] mp = m[p];
      float[] vp = v[p];
      boolean decays = p % 2 == 0; // weights, not biases
      for (int i = 0; i < w.length; i++) {
        float gi = (float) (g[i] * scale);
        mp[i] = (float) (b1 * mp[i] + (1 - b1) * gi);
        vp[i] = (float) (b2 * vp[i] + (1 - b2) * gi * gi);
        if (decays) {
          w[i] *= decay;
        }
        w[i] -= a * mp[i] / ((float) Math.sqrt(vp[i]) + 1e-8f);
      }
    }
  }

  private static float[][] zerosLike(float[][] params) {
    float[][] out = new float[params.length][];
    for (int p = 0; p < params.length; p++) {
      out[p] = new float[params[p].length];
    }
    return out;
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
