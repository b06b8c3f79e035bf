package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.List;

/**
 * Temperature scaling (Guo et al., 2017): a scalar {@code T} divides every logit, fitted to
 * minimize the negative log-likelihood of held-out labels. It leaves every arg-max, and so every
 * label and the macro-recall, unchanged; it only makes the probabilities more or less confident.
 *
 * <p>{@link #fitPerPredictedLabel} fits one temperature per arg-max label instead, which keeps the
 * arg-max too: a head trained with balanced class weights over-predicts its rare classes, and those
 * predictions need a higher temperature than the others (decision 0078).
 */
public final class TemperatureScaling {

  private TemperatureScaling() {}

  /**
   * The temperature minimizing the mean negative log-likelihood of {@code labels} under {@code
   * softmax(logits / T)}, searched over {@code T} in [0.05, 20] (golden section on log T: the loss
   * is unimodal in T).
   */
  public static double fit(double[][] logits, int[] labels) {
    double lo = Math.log(0.05);
    double hi = Math.log(20);
    double phi = (Math.sqrt(5) - 1) / 2;
    double a = hi - phi * (hi - lo);
    double b = lo + phi * (hi - lo);
    double fa = nll(logits, labels, Math.exp(a));
    double fb = nll(logits, labels, Math.exp(b));
    for (int i = 0; i < 100 && hi - lo > 1e-6; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - phi * (hi - lo);
        fa = nll(logits, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + phi * (hi - lo);
        fb = nll(logits, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  /**
   * Below this many tweets predicted as a label, the label gets the temperature fitted on all
   * tweets: its own would be noise.
   */
  public static final int MIN_TWEETS_PER_LABEL = 50;

  /**
   * One temperature per predicted (arg-max) label, each minimizing the negative log-likelihood of
   * the tweets predicted as that label. The likelihood of a tweet depends only on the temperature
   * of its own arg-max, so the joint fit falls apart into one {@link #fit} per label.
   *
   * @param classes the number of classes
   * @return temperatures indexed by label
   */
  public static double[] fitPerPredictedLabel(double[][] logits, int[] labels, int classes) {
    double pooled = fit(logits, labels);
    double[] temperatures = new double[classes];
    for (int c = 0; c < classes; c++) {
      List<double[]> rows = new ArrayList<>();
      List<Integer> gold = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (LinearHead.argmax(logits[i]) == c) {
          rows.add(logits[i]);
          gold.add(labels[i]);
        }
      }
      temperatures[c] =
          rows.size() < MIN_TWEETS_PER_LABEL
              ? pooled
              : fit(
                  rows.toArray(double[][]::new),
                  gold.stream().mapToInt(Integer::intValue).toArray());
    }
    return temperatures;
  }

  /** The mean negative log-likelihood of the labels at temperature {@code t}. */
  public static double nll(double[][] logits, int[] labels, double t) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      double[] p = probabilities(logits[i], t);
      sum -= Math.log(Math.max(p[labels[i]], 1e-300));
    }
    return sum / labels.length;
  }

  /** {@code softmax(z / t[argmax z])}. */
  public static double[] probabilities(double[] z, double[] t) {
    return LinearHead.softmaxInPlace(z.clone(), t);
  }

  /** {@code softmax(z / t)}. */
  public static double[] probabilities(double[] z, double t) {
    double[] scaled = new double[z.length];
    for (int c = 0; c < z.length; c++) {
      scaled[c] = z[c] / t;
    }
    return LinearHead.softmaxInPlace(scaled);
  }

  /**
   * Expected calibration error of the top label (Guo et al.): tweets binned by their highest
   * probability into {@code bins} equal-width bins; the mean, weighted by bin size, of |accuracy -
   * mean confidence| per bin.
   */
  public static double expectedCalibrationError(double[][] probabilities, int[] labels, int bins) {
    double[] confidence = new double[bins];
    double[] correct = new double[bins];
    int[] count = new int[bins];
    for (int i = 0; i < labels.length; i++) {
      double[] p = probabilities[i];
      int arg = LinearHead.argmax(p);
      int bin = Math.min(bins - 1, (int) (p[arg] * bins));
      confidence[bin] += p[arg];
      correct[bin] += arg == labels[i] ? 1 : 0;
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(correct[b] - confidence[b]) / labels.length;
      }
    }
    return ece;
  }
}
