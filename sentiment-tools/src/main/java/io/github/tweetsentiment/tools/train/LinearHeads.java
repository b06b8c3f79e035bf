package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.LinearFeatures;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The linear head every model starts from: logistic regression fitted once per L2 strength, the
 * best validation macro-recall kept, or a trained file's head reused when only what is blended into
 * it changes.
 */
final class LinearHeads {

  /**
   * The linear head kept, its L2 strength, its validation evaluation and its data's description.
   */
  record LinearChoice(LinearHead head, double l2, Evaluation evaluation, String trainingData) {}

  private static final String TRAINING_DATA =
      "TweetEval sentiment train split (cardiffnlp/tweeteval), balanced class weights";

  private final HeadTrainer.Settings settings;
  private final PrintStream log;

  LinearHeads(HeadTrainer.Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  /** The linear head of the settings: reused, or the best of the L2 grid. */
  LinearChoice choose(HeadTrainer.Splits splits, TrainingFeatures.Linear features) {
    LinearChoice linear =
        settings.linearHead() != null
            ? reusedLinearHead(splits, features)
            : fitLinearHead(splits, features);
    log.printf(
        "linear head: l2 %.0e, validation macro-recall %.4f%n",
        linear.l2(), linear.evaluation().macroRecall());
    return linear;
  }

  /**
   * The linear head of {@link HeadTrainer.Settings#linearHead}, which must read the features built
   * here.
   */
  private LinearChoice reusedLinearHead(
      HeadTrainer.Splits splits, TrainingFeatures.Linear features) {
    HeadFile.Contents reused = readHead(settings.linearHead());
    Map<String, float[]> arrays = features.arrays();
    if (!reused.metadata().features().equals(features.layout())
        || !java.util.Arrays.equals(
            reused.arrays().get(EncoderModel.MEAN), arrays.get(EncoderModel.MEAN))
        || !java.util.Arrays.equals(
            reused.arrays().get(LinearFeatures.LEXICON_MEAN),
            arrays.get(LinearFeatures.LEXICON_MEAN))) {
      throw new IllegalArgumentException(
          settings.linearHead()
              + " was trained on other features ("
              + reused.metadata().features()
              + "); these settings build "
              + features.layout());
    }
    LinearHead head = reused.head();
    Evaluation evaluation =
        Evaluation.of(
            splits.valY(), HeadTrainer.argmax(HeadTrainer.linearLogits(head, features.valX())));
    log.printf("reusing the linear head of %s%n", settings.linearHead());
    return new LinearChoice(
        head, reused.metadata().l2(), evaluation, reused.metadata().trainingData());
  }

  /**
   * Fits one head per L2 strength, strongest first and each warm-started from the last, and keeps
   * the best validation macro-recall of the weights as stored.
   */
  private LinearChoice fitLinearHead(HeadTrainer.Splits splits, TrainingFeatures.Linear features) {
    HeadMetadata.FeatureLayout layout = features.layout();
    String trainingData = TRAINING_DATA;
    float[] scale = null;
    List<SparseVector> fitX = features.trainX();
    if (settings.naiveBayesNgrams() && layout.ngrams() != null) {
      int from = layout.embeddingDimension() + layout.lexiconDimension();
      scale =
          NaiveBayesScaling.of(
              features.trainX(), splits.trainY(), HeadTrainer.CLASSES, from, layout.dimension());
      fitX = NaiveBayesScaling.apply(features.trainX(), scale);
      trainingData += ", n-grams scaled by naive-Bayes log-count ratios while fitting";
      log.printf("n-grams scaled by their naive-Bayes log-count ratios on the train split%n");
    }
    LinearChoice best = null;
    try (LogisticRegressionTrainer trainer =
        new LogisticRegressionTrainer(
            fitX,
            splits.trainY(),
            layout.dimension(),
            HeadTrainer.CLASSES,
            splits.classWeights(),
            settings.threads())) {
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
        LinearHead stored =
            HeadFile.roundToStored(
                scale == null ? fit.head() : NaiveBayesScaling.fold(fit.head(), scale));
        Evaluation eval =
            Evaluation.of(
                splits.valY(),
                HeadTrainer.argmax(HeadTrainer.linearLogits(stored, features.valX())));
        log.printf(
            "l2 %.0e: %d iterations in %.1f s, train loss %.4f, validation macro-recall %.4f,"
                + " accuracy %.4f%n",
            l2,
            fit.iterations(),
            (System.nanoTime() - start) / 1e9,
            fit.loss(),
            eval.macroRecall(),
            eval.accuracy());
        if (best == null || eval.macroRecall() > best.evaluation().macroRecall()) {
          best = new LinearChoice(stored, l2, eval, trainingData);
        }
      }
    }
    return best;
  }

  private static HeadFile.Contents readHead(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return HeadFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head file " + file, e);
    }
  }
}
