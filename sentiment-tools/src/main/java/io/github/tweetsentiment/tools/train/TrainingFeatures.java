package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.LinearFeatures;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features a head is fitted on, built from both splits the way the service builds them when it
 * serves ({@link LinearFeatures}, {@link EncoderModel}): each encoder's pooled token vectors
 * (cached on disk) and the lexicon features, standardized with the train split's statistics, which
 * the head file keeps as named arrays.
 */
final class TrainingFeatures {

  /**
   * The linear head's features of both splits, and the named arrays the head file keeps so that the
   * service builds the same ones (later stages add theirs).
   */
  record Linear(
      HeadMetadata.FeatureLayout layout,
      Map<String, float[]> arrays,
      List<SparseVector> trainX,
      List<SparseVector> valX) {}

  /**
   * A dense block of both splits, standardized with the train split's statistics, which the head
   * file keeps under the block's names.
   */
  record Dense(float[][] train, float[][] val, Map<String, float[]> arrays) {}

  private final HeadTrainer.Settings settings;
  private final PrintStream log;

  TrainingFeatures(HeadTrainer.Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  /** The linear head's features: the encoders' block (none for fast), the lexicon's, n-grams. */
  Linear linear(HeadTrainer.Splits splits) {
    Map<String, float[]> arrays = new LinkedHashMap<>();
    float[][] trainDense = new float[splits.trainTexts().size()][0];
    float[][] valDense = new float[splits.valTexts().size()][0];
    HeadMetadata.FeatureLayout layout;
    if (settings.encoders().isEmpty()) {
      layout = new HeadMetadata.FeatureLayout(0, 0, settings.ngrams(), null, settings.lexicon());
    } else {
      Dense dense =
          dense(
              splits,
              settings.encoders(),
              settings.poolings(),
              EncoderModel.MEAN,
              EncoderModel.INV_STD);
      trainDense = dense.train();
      valDense = dense.val();
      arrays.putAll(dense.arrays());
      layout =
          new HeadMetadata.FeatureLayout(
              trainDense[0].length,
              settings.embeddingWeight(),
              settings.ngrams(),
              blocks(settings.encoders(), settings.poolings()),
              settings.lexicon());
    }
    if (settings.lexicon() != null) {
      LexiconFeaturizer lexicon = LexiconFeaturizer.named(settings.lexicon());
      float[][] trainLexicon =
          splits.trainTexts().parallelStream().map(lexicon::featurize).toArray(float[][]::new);
      float[] mean = new float[LexiconFeaturizer.DIMENSION];
      float[] invStd = new float[LexiconFeaturizer.DIMENSION];
      standardization(trainLexicon, mean, invStd);
      arrays.put(LinearFeatures.LEXICON_MEAN, mean);
      arrays.put(LinearFeatures.LEXICON_INV_STD, invStd);
    }
    LinearFeatures features = new LinearFeatures(layout, arrays);
    List<SparseVector> trainX = linearFeatures(features, trainDense, splits.trainTexts());
    List<SparseVector> valX = linearFeatures(features, valDense, splits.valTexts());
    log.printf("features: %d dimensions%n", layout.dimension());
    return new Linear(layout, arrays, trainX, valX);
  }

  /** The perceptron's input: the chosen poolings of its encoders. */
  Dense perceptronInput(HeadTrainer.Splits splits) {
    Dense input =
        dense(
            splits,
            settings.mlpEncoders(),
            settings.mlpPoolings(),
            EncoderModel.MLP_MEAN,
            EncoderModel.MLP_INV_STD);
    log.printf("perceptron input: %d dimensions%n", input.train()[0].length);
    return input;
  }

  /** How the head file names a dense block: each encoder with the poolings taken from it. */
  static List<HeadMetadata.EncoderBlock> blocks(List<Encoder> encoders, List<Pooling> poolings) {
    List<String> ids = poolings.stream().map(Pooling::id).toList();
    return encoders.stream().map(e -> new HeadMetadata.EncoderBlock(e.id(), ids)).toList();
  }

  /** The encoders' block of both splits, standardized in place, its statistics under the names. */
  private Dense dense(
      HeadTrainer.Splits splits,
      List<Encoder> encoders,
      List<Pooling> poolings,
      String meanName,
      String invName) {
    float[][] train = embed("train", splits.trainTexts(), encoders, poolings);
    float[][] val = embed("val", splits.valTexts(), encoders, poolings);
    int width = train[0].length;
    float[] mean = new float[width];
    float[] invStd = new float[width];
    standardization(train, mean, invStd);
    for (float[] row : train) {
      EncoderModel.standardize(row, mean, invStd);
    }
    for (float[] row : val) {
      EncoderModel.standardize(row, mean, invStd);
    }
    Map<String, float[]> arrays = new LinkedHashMap<>();
    arrays.put(meanName, mean);
    arrays.put(invName, invStd);
    return new Dense(train, val, arrays);
  }

  /** The dense block of each text: the chosen poolings of every encoder, cached on disk. */
  private float[][] embed(
      String split, List<String> texts, List<Encoder> encoders, List<Pooling> poolings) {
    EmbeddingCache cache = new EmbeddingCache(settings.cacheDirectory(), settings.threads(), log);
    List<float[][]> pooled = new ArrayList<>();
    List<int[]> offsets = new ArrayList<>();
    for (Encoder e : encoders) {
      try (SentenceEncoder encoder = SentenceEncoder.load(e, 1)) {
        pooled.add(cache.encode(split, texts, encoder));
      }
      offsets.add(poolings.stream().mapToInt(p -> p.ordinal() * e.dimension()).toArray());
    }
    return select(pooled, offsets, encoders.get(0).dimension());
  }

  /**
   * The dense block of each text: the chosen poolings of each encoder, side by side, in the order
   * {@link EncoderModel} gathers them when serving.
   *
   * @param pooled per encoder, per text, that encoder's {@code [cls | mean | max]} output
   */
  private static float[][] select(List<float[][]> pooled, List<int[]> offsets, int dimension) {
    int n = pooled.get(0).length;
    int width = 0;
    for (int[] o : offsets) {
      width += o.length * dimension;
    }
    float[][] out = new float[n][width];
    for (int i = 0; i < n; i++) {
      int at = 0;
      for (int b = 0; b < pooled.size(); b++) {
        for (int offset : offsets.get(b)) {
          System.arraycopy(pooled.get(b)[i], offset, out[i], at, dimension);
          at += dimension;
        }
      }
    }
    return out;
  }

  private static List<SparseVector> linearFeatures(
      LinearFeatures features, float[][] dense, List<String> texts) {
    return java.util.stream.IntStream.range(0, texts.size())
        .parallel()
        .mapToObj(i -> features.of(dense[i], texts.get(i)))
        .toList();
  }

  /** Per-dimension mean and 1/std of the rows, so each embedding dimension enters at unit scale. */
  private static void standardization(float[][] rows, float[] mean, float[] invStd) {
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
}
