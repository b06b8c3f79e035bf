package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.core.ShareEstimator;
import io.github.tweetsentiment.service.linear.LinearHead;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Calibrates a model's logits on a labelled split by temperature scaling, one temperature per
 * predicted label, and measures, without fitting and measuring on the same tweets, how calibrated
 * the result is and how well each way of estimating per-window class shares does.
 *
 * <p>Every figure is cross-fitted over two stratified halves of the split: whatever is fitted (the
 * temperatures, the share-correction matrices) is fitted on one half and measured on the other, and
 * the two measurements are pooled. The shipped temperatures and matrix are then fitted on the whole
 * split.
 *
 * @param temperatures per predicted label, fitted on the whole split; the ones to ship
 * @param eceBefore top-label ECE of the raw softmax on the whole split
 * @param eceAfter top-label ECE after scaling by the temperatures, cross-fitted
 * @param eceAfterOneTemperature the same with one temperature for every label (plain temperature
 *     scaling, as before decision 0078), for comparison
 * @param shareMae mean absolute error of the estimated shares per method (cc, pcc, acc, pacc), over
 *     windows with varied class mixes (uniform over the simplex)
 * @param shareMaeNaturalMix the same over windows drawn at random from the split, at its own mix
 * @param correction the share correction to ship: the method with the lowest {@code shareMae} (ACC
 *     or PACC) with its matrix on the whole split
 */
public record CalibrationReport(
    double[] temperatures,
    double eceBefore,
    double eceAfter,
    double eceAfterOneTemperature,
    Map<String, Double> shareMae,
    Map<String, Double> shareMaeNaturalMix,
    ShareCorrection correction) {

  /** ECE bins, as in Guo et al. */
  public static final int BINS = 15;

  /** The seed of the halves and windows unless told otherwise ({@code Calibrate --seed}). */
  public static final long DEFAULT_SEED = 15;

  private static final int K = SentimentLabel.values().length;
  private static final List<String> METHODS = List.of("cc", "pcc", "acc", "pacc");

  /**
   * Runs the calibration and the share experiment.
   *
   * @param logits uncalibrated logits, one row per tweet
   * @param labels gold labels
   * @param windows windows to simulate per scenario (half drawn from each half of the split)
   * @param seed for the halves and the windows
   */
  public static CalibrationReport run(double[][] logits, int[] labels, int windows, long seed) {
    double[] temperatures = TemperatureScaling.fitPerPredictedLabel(logits, labels, K);
    double[] ones = new double[K];
    Arrays.fill(ones, 1.0);
    double eceBefore =
        TemperatureScaling.expectedCalibrationError(probabilities(logits, ones), labels, BINS);

    int[] fold = stratifiedHalves(labels, new Random(seed));
    double[][] foldTemperatures = foldTemperatures(logits, labels, fold, true);
    double eceAfter = crossFittedEce(logits, labels, fold, foldTemperatures);
    double eceAfterOne =
        crossFittedEce(logits, labels, fold, foldTemperatures(logits, labels, fold, false));

    Random random = new Random(seed + 1);
    double[][] errors = new double[2][METHODS.size()];
    for (int f = 0; f < 2; f++) {
      int[] fit = indices(fold, 1 - f);
      int[] test = indices(fold, f);
      double[][] fitProbs = probabilities(rows(logits, fit), foldTemperatures[f]);
      int[] fitLabels = pick(labels, fit);
      double[][] acc = confusionRates(fitProbs, fitLabels);
      double[][] pacc = meanProbabilities(fitProbs, fitLabels);
      double[][] testProbs = probabilities(rows(logits, test), foldTemperatures[f]);
      int[] testLabels = pick(labels, test);
      for (int scenario = 0; scenario < 2; scenario++) {
        double[] e =
            windowErrors(testProbs, testLabels, acc, pacc, windows / 2, scenario == 0, random);
        for (int m = 0; m < METHODS.size(); m++) {
          errors[scenario][m] += e[m] / 2;
        }
      }
    }
    Map<String, Double> varied = new LinkedHashMap<>();
    Map<String, Double> natural = new LinkedHashMap<>();
    for (int m = 0; m < METHODS.size(); m++) {
      varied.put(METHODS.get(m), errors[0][m]);
      natural.put(METHODS.get(m), errors[1][m]);
    }

    double[][] calibrated = probabilities(logits, temperatures);
    boolean pacc = varied.get("pacc") <= varied.get("acc");
    long[] counts = new long[K];
    for (int y : labels) {
      counts[y]++;
    }
    ShareCorrection correction =
        new ShareCorrection(
            pacc ? ShareCorrection.PACC : ShareCorrection.ACC,
            Arrays.stream(SentimentLabel.values()).map(SentimentLabel::wireName).toList(),
            round(
                pacc ? meanProbabilities(calibrated, labels) : confusionRates(calibrated, labels)),
            counts);
    return new CalibrationReport(
        temperatures, eceBefore, eceAfter, eceAfterOne, varied, natural, correction);
  }

  /**
   * The top-label ECE after scaling by temperatures per predicted label, the larger of two ways to
   * measure it: with the temperatures fitted on the whole split (what the shipped model shows on
   * it), and cross-fitted over the stratified halves that {@link #run} uses with the same seed
   * (what {@link #run} reports). A choice that keeps both under a goal keeps what {@code Calibrate}
   * will report and what the quality tests check under it.
   */
  public static double calibratedEce(double[][] logits, int[] labels, long seed) {
    double[] temperatures = TemperatureScaling.fitPerPredictedLabel(logits, labels, K);
    double inSample =
        TemperatureScaling.expectedCalibrationError(
            probabilities(logits, temperatures), labels, BINS);
    int[] fold = stratifiedHalves(labels, new Random(seed));
    double crossFitted =
        crossFittedEce(logits, labels, fold, foldTemperatures(logits, labels, fold, true));
    return Math.max(inSample, crossFitted);
  }

  /** Per half: the temperatures fitted on the other half (per predicted label, or one for all). */
  private static double[][] foldTemperatures(
      double[][] logits, int[] labels, int[] fold, boolean perLabel) {
    double[][] temperatures = new double[2][];
    for (int f = 0; f < 2; f++) {
      int[] fit = indices(fold, 1 - f);
      double[][] z = rows(logits, fit);
      int[] y = pick(labels, fit);
      if (perLabel) {
        temperatures[f] = TemperatureScaling.fitPerPredictedLabel(z, y, K);
      } else {
        temperatures[f] = new double[K];
        Arrays.fill(temperatures[f], TemperatureScaling.fit(z, y));
      }
    }
    return temperatures;
  }

  /** The ECE with each half scaled by the temperatures fitted on the other. */
  private static double crossFittedEce(
      double[][] logits, int[] labels, int[] fold, double[][] foldTemperatures) {
    double[][] probabilities = new double[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      probabilities[i] = TemperatureScaling.probabilities(logits[i], foldTemperatures[fold[i]]);
    }
    return TemperatureScaling.expectedCalibrationError(probabilities, labels, BINS);
  }

  /** A few lines for the command's output. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "temperature per predicted label %s; top-label ECE (%d bins) before %.4f, after %.4f"
                + " (cross-fitted; one temperature for all: %.4f)%n",
            Arrays.toString(temperatures),
            BINS,
            eceBefore,
            eceAfter,
            eceAfterOneTemperature));
    sb.append("share MAE (cross-fitted)          cc      pcc      acc     pacc\n");
    sb.append(row("  varied class mixes     ", shareMae));
    sb.append(row("  the split's own mix    ", shareMaeNaturalMix));
    sb.append("shipped share correction: ")
        .append(correction.method())
        .append(' ')
        .append(Arrays.deepToString(correction.matrix()))
        .append('\n');
    return sb.toString();
  }

  private static String row(String label, Map<String, Double> mae) {
    StringBuilder sb = new StringBuilder(label);
    for (String m : METHODS) {
      sb.append(String.format(Locale.ROOT, " %8.4f", mae.get(m)));
    }
    return sb.append('\n').toString();
  }

  /**
   * The mean absolute error per method over simulated windows of 20-200 tweets drawn (with
   * replacement) from the test tweets, either with class shares uniform over the simplex or
   * uniformly from the test tweets.
   */
  private static double[] windowErrors(
      double[][] probs,
      int[] labels,
      double[][] acc,
      double[][] pacc,
      int windows,
      boolean variedMix,
      Random random) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < K; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    double[] total = new double[METHODS.size()];
    for (int w = 0; w < windows; w++) {
      int size = 20 + random.nextInt(181);
      int[] members = new int[size];
      if (variedMix) {
        double[] share = dirichletOnes(random);
        for (int s = 0; s < size; s++) {
          List<Integer> pool = byClass.get(sampleClass(share, random));
          members[s] = pool.get(random.nextInt(pool.size()));
        }
      } else {
        for (int s = 0; s < size; s++) {
          members[s] = random.nextInt(labels.length);
        }
      }
      double[] truth = new double[K];
      double[] labelCounts = new double[K];
      double[] probSums = new double[K];
      for (int i : members) {
        truth[labels[i]] += 1.0 / size;
        labelCounts[LinearHead.argmax(probs[i])]++;
        for (int c = 0; c < K; c++) {
          probSums[c] += probs[i][c];
        }
      }
      double[][] estimates = {
        ShareEstimator.shares(labelCounts),
        ShareEstimator.shares(probSums),
        ShareEstimator.correctedShares(labelCounts, acc),
        ShareEstimator.correctedShares(probSums, pacc),
      };
      for (int m = 0; m < estimates.length; m++) {
        for (int c = 0; c < K; c++) {
          total[m] += Math.abs(estimates[m][c] - truth[c]) / (K * (double) windows);
        }
      }
    }
    return total;
  }

  /** Class shares drawn uniformly from the simplex (a flat Dirichlet). */
  public static double[] dirichletOnes(Random random) {
    double[] g = new double[K];
    double sum = 0;
    for (int c = 0; c < K; c++) {
      g[c] = -Math.log(1 - random.nextDouble());
      sum += g[c];
    }
    for (int c = 0; c < K; c++) {
      g[c] /= sum;
    }
    return g;
  }

  /** A class drawn with the probabilities {@code share}. */
  public static int sampleClass(double[] share, Random random) {
    double u = random.nextDouble();
    for (int c = 0; c < K - 1; c++) {
      u -= share[c];
      if (u < 0) {
        return c;
      }
    }
    return K - 1;
  }

  /** Row t: the rate at which tweets of true class t are predicted as each class. */
  static double[][] confusionRates(double[][] probs, int[] labels) {
    double[][] m = new double[K][K];
    double[] count = new double[K];
    for (int i = 0; i < labels.length; i++) {
      m[labels[i]][LinearHead.argmax(probs[i])]++;
      count[labels[i]]++;
    }
    return normalizeRows(m, count);
  }

  /** Row t: the mean probability of each class over tweets of true class t. */
  static double[][] meanProbabilities(double[][] probs, int[] labels) {
    double[][] m = new double[K][K];
    double[] count = new double[K];
    for (int i = 0; i < labels.length; i++) {
      for (int c = 0; c < K; c++) {
        m[labels[i]][c] += probs[i][c];
      }
      count[labels[i]]++;
    }
    return normalizeRows(m, count);
  }

  private static double[][] normalizeRows(double[][] m, double[] count) {
    for (int t = 0; t < K; t++) {
      for (int c = 0; c < K; c++) {
        m[t][c] = count[t] == 0 ? (t == c ? 1 : 0) : m[t][c] / count[t];
      }
    }
    return m;
  }

  /** Six decimals, re-normalized so that each row still sums to 1. */
  private static double[][] round(double[][] m) {
    double[][] out = new double[m.length][];
    for (int t = 0; t < m.length; t++) {
      out[t] = new double[m[t].length];
      double rest = 1;
      int largest = LinearHead.argmax(m[t]);
      for (int c = 0; c < m[t].length; c++) {
        if (c != largest) {
          out[t][c] = Math.round(m[t][c] * 1e6) / 1e6;
          rest -= out[t][c];
        }
      }
      out[t][largest] = Math.round(rest * 1e6) / 1e6;
    }
    return out;
  }

  private static double[][] probabilities(double[][] logits, double[] t) {
    double[][] out = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      out[i] = TemperatureScaling.probabilities(logits[i], t);
    }
    return out;
  }

  /** Each tweet's half (0 or 1): each class split evenly, in a seeded random order. */
  static int[] stratifiedHalves(int[] labels, Random random) {
    int[] fold = new int[labels.length];
    for (int c = 0; c < K; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      java.util.Collections.shuffle(members, random);
      for (int r = 0; r < members.size(); r++) {
        fold[members.get(r)] = r % 2;
      }
    }
    return fold;
  }

  private static int[] indices(int[] fold, int f) {
    return java.util.stream.IntStream.range(0, fold.length).filter(i -> fold[i] == f).toArray();
  }

  private static double[][] rows(double[][] a, int[] idx) {
    double[][] out = new double[idx.length][];
    for (int k = 0; k < idx.length; k++) {
      out[k] = a[idx[k]];
    }
    return out;
  }

  private static int[] pick(int[] a, int[] idx) {
    int[] out = new int[idx.length];
    for (int k = 0; k < idx.length; k++) {
      out[k] = a[idx[k]];
    }
    return out;
  }
}
