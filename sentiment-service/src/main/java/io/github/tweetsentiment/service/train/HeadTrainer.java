package io.github.tweetsentiment.service.train;

import io.github.tweetsentiment.service.embedding.BgeEmbedder;
import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.model.AccurateModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the head of the {@code fast} or {@code accurate} model on a TweetEval-layout directory:
 * fits one head per L2 strength on the train split, keeps the one with the best validation
 * macro-recall, and writes it as a head file.
 */
public final class HeadTrainer {

  /**
   * What to train.
   *
   * @param model {@code fast} or {@code accurate}
   * @param data directory with {@code train_*} and {@code val_*} files
   * @param out the head file to write
   * @param l2Grid L2 strengths to try (fitted from strongest to weakest, each warm-started)
   * @param ngrams the n-gram block ({@code fast}: required; {@code accurate}: null for none)
   * @param embeddingWeight {@code accurate} only: scale of the standardized embedding
   * @param cacheDirectory where train embeddings are cached
   * @param threads threads for embedding and gradients
   * @param maxIterations L-BFGS iteration cap per fit
   */
  public record Settings(
      String model,
      Path data,
      Path out,
      List<Double> l2Grid,
      NgramConfig ngrams,
      double embeddingWeight,
      Path cacheDirectory,
      int threads,
      int maxIterations) {
    public Settings {
      l2Grid = l2Grid.stream().sorted(java.util.Comparator.reverseOrder()).toList();
      if (l2Grid.isEmpty()) {
        throw new IllegalArgumentException("the L2 grid is empty");
      }
      if (!model.equals(FastModel.NAME) && !model.equals(AccurateModel.NAME)) {
        throw new IllegalArgumentException("--model must be fast or accurate, got '" + model + "'");
      }
      if (model.equals(FastModel.NAME) && ngrams == null) {
        throw new IllegalArgumentException("the fast model needs n-gram features");
      }
    }
  }

  /** The written head's metadata and its validation evaluation. */
  public record Result(HeadMetadata metadata, Evaluation validation) {}

  private static final int CLASSES = 3;

  private final Settings settings;
  private final PrintStream log;

  public HeadTrainer(Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  public Result run() {
    LabelledSplit train = LabelledSplit.read(settings.data(), "train");
    LabelledSplit val = LabelledSplit.read(settings.data(), "val");
    log.printf(
        "read %d train and %d validation tweets from %s%n",
        train.size(), val.size(), settings.data());
    List<String> trainTexts =
        train.texts().parallelStream().map(TweetNormalizer::normalize).toList();
    List<String> valTexts = val.texts().parallelStream().map(TweetNormalizer::normalize).toList();

    Map<String, float[]> arrays = new LinkedHashMap<>();
    List<SparseVector> trainX;
    List<SparseVector> valX;
    HeadMetadata.FeatureLayout layout;
    if (settings.model().equals(FastModel.NAME)) {
      HashedNgramFeaturizer featurizer = new HashedNgramFeaturizer(settings.ngrams());
      trainX = trainTexts.parallelStream().map(featurizer::featurize).toList();
      valX = valTexts.parallelStream().map(featurizer::featurize).toList();
      layout = new HeadMetadata.FeatureLayout(0, 0, settings.ngrams());
    } else {
      EmbeddingCache cache = new EmbeddingCache(settings.cacheDirectory(), settings.threads(), log);
      float[][] trainE;
      float[][] valE;
      try (BgeEmbedder embedder = BgeEmbedder.load(1)) {
        trainE = cache.embed("train", trainTexts, embedder);
        valE = cache.embed("val", valTexts, embedder);
      }
      float[] mean = new float[BgeEmbedder.DIMENSION];
      float[] invStd = new float[BgeEmbedder.DIMENSION];
      standardization(trainE, mean, invStd);
      arrays.put(AccurateModel.MEAN, mean);
      arrays.put(AccurateModel.INV_STD, invStd);
      HashedNgramFeaturizer featurizer =
          settings.ngrams() == null ? null : new HashedNgramFeaturizer(settings.ngrams());
      double w = settings.embeddingWeight();
      trainX = accurateFeatures(trainE, trainTexts, mean, invStd, w, featurizer);
      valX = accurateFeatures(valE, valTexts, mean, invStd, w, featurizer);
      layout = new HeadMetadata.FeatureLayout(BgeEmbedder.DIMENSION, w, settings.ngrams());
    }
    log.printf("features: %d dimensions%n", layout.dimension());

    int[] trainY = train.labelArray();
    int[] valY = val.labelArray();
    double[] classWeights = LogisticRegressionTrainer.balancedClassWeights(trainY, CLASSES);
    log.printf(
        "balanced class weights: negative %.3f, neutral %.3f, positive %.3f%n",
        classWeights[0], classWeights[1], classWeights[2]);

    LinearHead best = null;
    Evaluation bestEval = null;
    double bestL2 = Double.NaN;
    try (LogisticRegressionTrainer trainer =
        new LogisticRegressionTrainer(
            trainX, trainY, layout.dimension(), CLASSES, classWeights, settings.threads())) {
      double[] warm = null;
      for (double l2 : settings.l2Grid()) {
        long start = System.nanoTime();
        LogisticRegressionTrainer.Fit fit =
            trainer.fit(
                l2,
                warm,
                settings.maxIterations(),
                1e-7,
                (it, loss, g) -> {
                  if (it % 25 == 0) {
                    log.printf(
                        "  l2 %.0e: iteration %d, loss %.5f, |gradient| %.2e%n", l2, it, loss, g);
                  }
                });
        warm = fit.parameters();
        LinearHead stored = HeadFile.roundToStored(fit.head());
        Evaluation eval = evaluate(stored, valX, valY);
        log.printf(
            "l2 %.0e: %d iterations in %.1f s, train loss %.4f, validation macro-recall %.4f,"
                + " accuracy %.4f%n",
            l2,
            fit.iterations(),
            (System.nanoTime() - start) / 1e9,
            fit.loss(),
            eval.macroRecall(),
            eval.accuracy());
        if (bestEval == null || eval.macroRecall() > bestEval.macroRecall()) {
          best = stored;
          bestEval = eval;
          bestL2 = l2;
        }
      }
    }

    String trainedAt = LocalDate.now(ZoneOffset.UTC).toString();
    Map<String, Double> validation = new LinkedHashMap<>();
    validation.put("macro_recall", round4(bestEval.macroRecall()));
    validation.put("accuracy", round4(bestEval.accuracy()));
    validation.put("macro_f1", round4(bestEval.macroF1()));
    HeadMetadata metadata =
        new HeadMetadata(
            settings.model(),
            HeadFile.version(trainedAt, best),
            trainedAt,
            layout,
            bestL2,
            "TweetEval sentiment train split (cardiffnlp/tweeteval), balanced class weights",
            train.size(),
            validation);
    write(metadata, best, arrays);
    log.printf("chose l2 %.0e; wrote %s version %s%n", bestL2, settings.out(), metadata.version());
    log.print(bestEval.report());
    return new Result(metadata, bestEval);
  }

  private static List<SparseVector> accurateFeatures(
      float[][] embeddings,
      List<String> texts,
      float[] mean,
      float[] invStd,
      double weight,
      HashedNgramFeaturizer featurizer) {
    List<SparseVector> out = new ArrayList<>(embeddings.length);
    for (int i = 0; i < embeddings.length; i++) {
      SparseVector grams = featurizer == null ? null : featurizer.featurize(texts.get(i));
      out.add(AccurateModel.features(embeddings[i], mean, invStd, weight, grams));
    }
    return out;
  }

  /** Per-dimension mean and 1/std of the rows, so each embedding dimension enters at unit scale. */
  static void standardization(float[][] rows, float[] mean, float[] invStd) {
    int d = mean.length;
    double[] sum = new double[d];
    double[] sq = new double[d];
    for (float[] row : rows) {
      for (int j = 0; j < d; j++) {
        sum[j] += row[j];
        sq[j] += (double) row[j] * row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      double m = sum[j] / rows.length;
      double var = Math.max(sq[j] / rows.length - m * m, 1e-12);
      mean[j] = (float) m;
      invStd[j] = (float) (1.0 / Math.sqrt(var));
    }
  }

  static Evaluation evaluate(LinearHead head, List<SparseVector> xs, int[] gold) {
    int[] predicted = new int[xs.size()];
    for (int i = 0; i < predicted.length; i++) {
      double[] p = head.probabilities(xs.get(i));
      int arg = 0;
      for (int c = 1; c < p.length; c++) {
        if (p[c] > p[arg]) {
          arg = c;
        }
      }
      predicted[i] = arg;
    }
    return Evaluation.of(gold, predicted);
  }

  private static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private void write(HeadMetadata metadata, LinearHead head, Map<String, float[]> arrays) {
    try {
      Path out = settings.out().toAbsolutePath();
      Files.createDirectories(out.getParent());
      Path tmp = Files.createTempFile(out.getParent(), "head-", ".tmp");
      Files.write(tmp, HeadFile.toBytes(metadata, head, arrays));
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings.out(), e);
    }
  }
}
