package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.core.PosteriorGrid;
import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.core.ShareCorrection;
import io.github.tweetsentiment.core.ShareEstimator;
import io.github.tweetsentiment.service.model.Models;
import io.github.tweetsentiment.service.model.SentimentModel;
import io.github.tweetsentiment.tools.train.CalibrationReport;
import io.github.tweetsentiment.tools.train.Evaluation;
import io.github.tweetsentiment.tools.train.LabelledSplit;
import io.github.tweetsentiment.tools.train.TemperatureScaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How right a model's per-window shares are, in sample and out of sample: scores the TweetEval
 * validation split (what the temperatures and the share correction were fitted on) and the
 * Sentiment140 test set (used for nothing), then draws windows of fixed sizes from each, with class
 * mixes uniform over the simplex and at the set's own mix, and prints for each way of estimating
 * the shares its mean absolute error and how often a 95 % Wilson interval around its estimate holds
 * the mix the window was drawn from.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar:sentiment-tools/target/sentiment-tools.jar \
 *     io.github.tweetsentiment.tools.Quantify --model=accurate
 * </pre>
 *
 * <p>Methods: {@code cc} (predicted-label counts), {@code pcc} (mean probabilities), {@code
 * shipped} (the model's own share correction, as the pipeline applies it), {@code emq} (expectation
 * maximisation of the priors, with the mean validation posterior as the prior the probabilities are
 * calibrated to).
 */
@Command(
    name = "Quantify",
    description =
        "Per-window share error of a model, on TweetEval validation (in sample) and Sentiment140"
            + " (out of sample).")
public final class Quantify extends ToolCommand {

  static final String DEFAULT_SENTIMENT140 =
      "../shared/datasets/sentiment140-test/testdata.manual.2009.06.14.csv";

  private static final int K = SentimentLabel.values().length;
  private static final List<String> METHODS = List.of("cc", "pcc", "shipped", "emq", "emq-grid");

  @Option(names = "--model", defaultValue = "accurate", description = "fast, accurate or best")
  String model;

  @Mixin DataOption data;

  @Option(names = "--sentiment140", paramLabel = "CSV", defaultValue = DEFAULT_SENTIMENT140)
  Path sentiment140;

  @Option(names = "--sizes", split = ",", defaultValue = "20,50,100", description = "window sizes")
  List<Integer> sizes;

  @Option(names = "--windows", defaultValue = "2000", description = "windows per size and mix")
  int windows;

  @Option(names = "--seed", defaultValue = "28")
  long seed;

  @Option(
      names = "--designEffect",
      defaultValue = "1",
      description =
          "how many times wider than a binomial sample's the estimate's variance is taken to be:"
              + " the Wilson interval is computed on n / this (default: ${DEFAULT-VALUE})")
  double designEffect;

  @Option(names = "--threads", description = "ONNX Runtime threads (default: all cores)")
  Integer threads;

  public static void main(String[] argv) {
    System.exit(CliLogging.execute(new Quantify(), argv));
  }

  /** One labelled set as the model scored it. */
  record Scored(String name, int[] labels, int[] predicted, double[][] probabilities) {}

  /** One method's figures over one kind of window. */
  record Figures(double mae, double coverage, double negativeBias) {}

  @Override
  public Integer call() {
    if (!Files.isRegularFile(sentiment140)) {
      System.out.println(
          "skipped: no Sentiment140 test set at "
              + sentiment140.toAbsolutePath()
              + " (give --sentiment140 CSV)");
      return 0;
    }
    LabelledSplit val = data.split("val");
    LabelledSplit s140 = LabelledSplit.readSentiment140(sentiment140);
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    try (SentimentModel loaded = Models.load(model, null, t)) {
      ShareCorrection correction = loaded.info().shareCorrection();
      Scored valScored = score(loaded, val);
      Scored s140Scored = score(loaded, s140);
      double[] sourcePrior = meanPosterior(valScored.probabilities());
      System.out.printf(
          Locale.ROOT,
          "model %s version %s; share correction %s; EMQ source prior %s (mean validation"
              + " posterior)%n",
          loaded.info().name(),
          loaded.info().version(),
          correction == null ? "none" : correction.method(),
          format(sourcePrior));
      for (Scored set : List.of(valScored, s140Scored)) {
        Evaluation eval = Evaluation.of(set.labels(), set.predicted());
        System.out.printf(
            Locale.ROOT,
            "%n%s (%d tweets, %s): macro-recall %.4f, accuracy %.4f, recall neg %.3f / neu %.3f /"
                + " pos %.3f; top-label ECE (15 bins) %.3f%n",
            set.name(),
            set.labels().length,
            set.name().equals("val")
                ? "in sample: temperatures and correction fitted on it"
                : "out of sample: used for nothing",
            eval.macroRecall(),
            eval.accuracy(),
            eval.recall(0),
            eval.recall(1),
            eval.recall(2),
            TemperatureScaling.expectedCalibrationError(set.probabilities(), set.labels(), 15));
        printTable(set, correction, sourcePrior);
      }
      // Cross-fitted on validation: the matrix and EMQ's prior from one half, the windows from
      // the other, both ways; what a choice made on validation alone can honestly go by.
      System.out.printf(
          Locale.ROOT,
          "%nval cross-fitted (2 stratified halves: correction matrix and EMQ prior fitted on one,"
              + " windows drawn from the other, both ways, averaged)%n");
      printCrossFitted(valScored);
    }
    return 0;
  }

  private void printHeader() {
    System.out.println(
        "| mix | tweets | "
            + String.join(" | ", METHODS.stream().map(m -> m + " MAE").toList())
            + " | "
            + String.join(" | ", METHODS.stream().map(m -> m + " cover").toList())
            + " | "
            + String.join(" | ", METHODS.stream().map(m -> m + " neg bias").toList())
            + " |");
    System.out.println("| --- | ---: |" + " ---: |".repeat(3 * METHODS.size()));
  }

  private static void printRow(boolean varied, int size, Map<String, Figures> f) {
    StringBuilder row = new StringBuilder("| " + (varied ? "varied" : "own") + " | " + size + " |");
    for (String m : METHODS) {
      row.append(String.format(Locale.ROOT, " %.3f |", f.get(m).mae()));
    }
    for (String m : METHODS) {
      row.append(String.format(Locale.ROOT, " %.2f |", f.get(m).coverage()));
    }
    for (String m : METHODS) {
      row.append(String.format(Locale.ROOT, " %+.3f |", f.get(m).negativeBias()));
    }
    System.out.println(row);
  }

  private void printTable(Scored set, ShareCorrection correction, double[] sourcePrior) {
    printHeader();
    for (boolean varied : List.of(true, false)) {
      for (int size : sizes) {
        printRow(
            varied,
            size,
            windows(
                set,
                correction,
                sourcePrior,
                size,
                windows,
                designEffect,
                varied,
                new Random(seed + size)));
      }
    }
  }

  private void printCrossFitted(Scored val) {
    Scored[] halves = halves(val);
    printHeader();
    for (boolean varied : List.of(true, false)) {
      for (int size : sizes) {
        Map<String, Figures> sum = new LinkedHashMap<>();
        for (int h = 0; h < 2; h++) {
          Scored fit = halves[1 - h];
          Map<String, Figures> f =
              windows(
                  halves[h],
                  paccOf(fit),
                  meanPosterior(fit.probabilities()),
                  size,
                  windows / 2,
                  designEffect,
                  varied,
                  new Random(seed + size + 1000L * h));
          f.forEach(
              (m, v) ->
                  sum.merge(
                      m,
                      new Figures(v.mae() / 2, v.coverage() / 2, v.negativeBias() / 2),
                      (a, b) ->
                          new Figures(
                              a.mae() + b.mae(),
                              a.coverage() + b.coverage(),
                              a.negativeBias() + b.negativeBias())));
        }
        printRow(varied, size, sum);
      }
    }
  }

  /** Two halves with every other tweet of each class. */
  static Scored[] halves(Scored set) {
    List<List<Integer>> idx = List.of(new ArrayList<>(), new ArrayList<>());
    int[] seen = new int[K];
    for (int i = 0; i < set.labels().length; i++) {
      idx.get(seen[set.labels()[i]]++ % 2).add(i);
    }
    Scored[] out = new Scored[2];
    for (int h = 0; h < 2; h++) {
      List<Integer> rows = idx.get(h);
      int[] labels = new int[rows.size()];
      int[] predicted = new int[rows.size()];
      double[][] probabilities = new double[rows.size()][];
      for (int r = 0; r < rows.size(); r++) {
        labels[r] = set.labels()[rows.get(r)];
        predicted[r] = set.predicted()[rows.get(r)];
        probabilities[r] = set.probabilities()[rows.get(r)];
      }
      out[h] = new Scored(set.name() + " half " + h, labels, predicted, probabilities);
    }
    return out;
  }

  /** The PACC correction fitted on {@code fit}: each true class's mean probabilities. */
  static ShareCorrection paccOf(Scored fit) {
    double[][] m = new double[K][K];
    long[] n = new long[K];
    for (int i = 0; i < fit.labels().length; i++) {
      n[fit.labels()[i]]++;
      for (int j = 0; j < K; j++) {
        m[fit.labels()[i]][j] += fit.probabilities()[i][j];
      }
    }
    for (int t = 0; t < K; t++) {
      for (int j = 0; j < K; j++) {
        m[t][j] /= Math.max(1, n[t]);
      }
    }
    return new ShareCorrection(
        ShareCorrection.PACC, List.of("negative", "neutral", "positive"), m, n);
  }

  static Scored score(SentimentModel model, LabelledSplit split) {
    int n = split.size();
    int[] predicted = new int[n];
    double[][] probabilities = new double[n][];
    for (int from = 0; from < n; from += 64) {
      int to = Math.min(n, from + 64);
      List<Prediction> batch = model.predict(split.texts().subList(from, to));
      for (int i = from; i < to; i++) {
        Prediction p = batch.get(i - from);
        predicted[i] = p.label().ordinal();
        probabilities[i] = new double[K];
        for (SentimentLabel label : SentimentLabel.values()) {
          probabilities[i][label.ordinal()] =
              p.probabilities().isEmpty() ? (p.label() == label ? 1.0 : 0.0) : p.probability(label);
        }
      }
    }
    return new Scored(split.name(), split.labelArray(), predicted, probabilities);
  }

  static double[] meanPosterior(double[][] probabilities) {
    double[] mean = new double[K];
    for (double[] p : probabilities) {
      for (int c = 0; c < K; c++) {
        mean[c] += p[c] / probabilities.length;
      }
    }
    return mean;
  }

  /**
   * Draws windows of {@code size} tweets (with replacement) from the set, each with a mix uniform
   * over the simplex ({@code varied}) or the set's own, and measures each method against the mix
   * the window was drawn from.
   */
  static Map<String, Figures> windows(
      Scored set,
      ShareCorrection correction,
      double[] sourcePrior,
      int size,
      int windows,
      double designEffect,
      boolean varied,
      Random random) {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < K; c++) {
      byClass.add(new ArrayList<>());
    }
    double[] ownMix = new double[K];
    for (int i = 0; i < set.labels().length; i++) {
      byClass.get(set.labels()[i]).add(i);
      ownMix[set.labels()[i]] += 1.0 / set.labels().length;
    }
    double[] absError = new double[METHODS.size()];
    double[] covered = new double[METHODS.size()];
    double[] negBias = new double[METHODS.size()];
    int count = 0;
    for (int w = 0; w < windows; w++) {
      double[] mix = varied ? CalibrationReport.dirichletOnes(random) : ownMix;
      double[] labelCounts = new double[K];
      double[] probSums = new double[K];
      double[][] posteriors = new double[size][];
      for (int s = 0; s < size; s++) {
        List<Integer> pool = byClass.get(CalibrationReport.sampleClass(mix, random));
        int i = pool.get(random.nextInt(pool.size()));
        labelCounts[set.predicted()[i]]++;
        posteriors[s] = set.probabilities()[i];
        for (int c = 0; c < K; c++) {
          probSums[c] += set.probabilities()[i][c];
        }
      }
      double[][] estimates = {
        ShareEstimator.shares(labelCounts),
        ShareEstimator.shares(probSums),
        // No correction: the pipeline writes no corrected shares, and neither does this column.
        correction == null
            ? new double[] {Double.NaN, Double.NaN, Double.NaN}
            : correction.correct(correction.usesProbabilities() ? probSums : labelCounts),
        ShareEstimator.emq(posteriors, sourcePrior),
        ShareEstimator.emq(onGrid(posteriors), sourcePrior),
      };
      for (int m = 0; m < estimates.length; m++) {
        for (int c = 0; c < K; c++) {
          absError[m] += Math.abs(estimates[m][c] - mix[c]) / K;
          double[] interval = ShareEstimator.wilson(estimates[m][c], size / designEffect);
          covered[m] += (mix[c] >= interval[0] && mix[c] <= interval[1]) ? 1.0 / K : 0;
        }
        negBias[m] += estimates[m][0] - mix[0];
      }
      count++;
    }
    Map<String, Figures> out = new LinkedHashMap<>();
    for (int m = 0; m < METHODS.size(); m++) {
      out.put(
          METHODS.get(m), new Figures(absError[m] / count, covered[m] / count, negBias[m] / count));
    }
    return out;
  }

  /** Each posterior replaced by the centre of its {@link PosteriorGrid} cell. */
  static double[][] onGrid(double[][] posteriors) {
    double[][] out = new double[posteriors.length][];
    for (int i = 0; i < posteriors.length; i++) {
      out[i] = PosteriorGrid.centre(PosteriorGrid.cell(posteriors[i]));
    }
    return out;
  }

  private static String format(double[] v) {
    return String.format(Locale.ROOT, "%.3f/%.3f/%.3f", v[0], v[1], v[2]);
  }
}
