package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.core.Prediction;
import io.github.tweetsentiment.core.SentimentLabel;
import io.github.tweetsentiment.service.model.SentimentModel;
import java.util.List;
import java.util.Locale;

/**
 * Classification quality over the three sentiment classes: macro-averaged recall (TweetEval's
 * official sentiment metric), accuracy, macro-F1 and the confusion matrix.
 *
 * @param confusion {@code confusion[gold][predicted]} counts
 */
public record Evaluation(long[][] confusion) {

  private static final int K = SentimentLabel.values().length;

  /** Compares predicted with gold label indices. */
  /**
   * Scores a labelled split with a model, as the service would, in requests of {@code batchSize}
   * texts, and compares with the split's labels.
   */
  public static Evaluation of(SentimentModel model, LabelledSplit split, int batchSize) {
    int n = split.size();
    int[] predicted = new int[n];
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      List<Prediction> batch = model.predict(split.texts().subList(from, to));
      for (int i = from; i < to; i++) {
        predicted[i] = batch.get(i - from).label().ordinal();
      }
    }
    return of(split.labelArray(), predicted);
  }

  public static Evaluation of(int[] gold, int[] predicted) {
    if (gold.length != predicted.length) {
      throw new IllegalArgumentException(
          gold.length + " gold labels but " + predicted.length + " predictions");
    }
    long[][] m = new long[K][K];
    for (int i = 0; i < gold.length; i++) {
      m[gold[i]][predicted[i]]++;
    }
    return new Evaluation(m);
  }

  public long total() {
    long n = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  public double recall(int c) {
    long row = 0;
    for (long v : confusion[c]) {
      row += v;
    }
    return row == 0 ? 0 : (double) confusion[c][c] / row;
  }

  public double precision(int c) {
    long col = 0;
    for (long[] row : confusion) {
      col += row[c];
    }
    return col == 0 ? 0 : (double) confusion[c][c] / col;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroRecall() {
    double sum = 0;
    for (int c = 0; c < K; c++) {
      sum += recall(c);
    }
    return sum / K;
  }

  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < K; c++) {
      sum += f1(c);
    }
    return sum / K;
  }

  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < K; c++) {
      correct += confusion[c][c];
    }
    long n = total();
    return n == 0 ? 0 : (double) correct / n;
  }

  /** A multi-line report: the three headline metrics, per-class figures and the matrix. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "examples %d%nmacro-recall %.4f   accuracy %.4f   macro-F1 %.4f%n",
            total(),
            macroRecall(),
            accuracy(),
            macroF1()));
    sb.append(
        String.format(Locale.ROOT, "%-10s %9s %9s %9s%n", "class", "precision", "recall", "F1"));
    for (int c = 0; c < K; c++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-10s %9.4f %9.4f %9.4f%n",
              SentimentLabel.fromIndex(c).wireName(),
              precision(c),
              recall(c),
              f1(c)));
    }
    sb.append("confusion matrix (rows gold, columns predicted)\n");
    sb.append(String.format(Locale.ROOT, "%-10s", ""));
    for (int c = 0; c < K; c++) {
      sb.append(String.format(Locale.ROOT, " %9s", SentimentLabel.fromIndex(c).wireName()));
    }
    sb.append('\n');
    for (int g = 0; g < K; g++) {
      sb.append(String.format(Locale.ROOT, "%-10s", SentimentLabel.fromIndex(g).wireName()));
      for (int p = 0; p < K; p++) {
        sb.append(String.format(Locale.ROOT, " %9d", confusion[g][p]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
