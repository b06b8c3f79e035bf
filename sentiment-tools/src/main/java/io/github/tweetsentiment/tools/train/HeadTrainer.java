package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the head of a model on a TweetEval-layout directory: fits one logistic-regression head per
 * L2 strength on the train split and keeps the one with the best validation macro-recall; for the
 * encoder models, optionally trains a perceptron over the embedding block too and blends the two
 * with the weight that does best on validation, and likewise blends in fine-tuned top layers of the
 * first encoder when given. Writes the result as a head file (uncalibrated: {@code Calibrate} adds
 * the temperature and the share correction).
 *
 * <p>{@link #run} tells the steps; {@link TrainingFeatures}, {@link LinearHeads} and {@link Blends}
 * do them.
 */
public final class HeadTrainer {

  /**
   * What to train.
   *
   * @param model {@code fast}, or the name of an encoder model ({@code accurate}, {@code best})
   * @param data directory with {@code train_*} and {@code val_*} files
   * @param out the head file to write
   * @param l2Grid L2 strengths to try (fitted from strongest to weakest, each warm-started)
   * @param ngrams the n-gram block ({@code fast}: required; encoder models: null for none)
   * @param naiveBayesNgrams fit the linear head on n-grams scaled by their naive-Bayes log-count
   *     ratios ({@link NaiveBayesScaling}); the written head is the same shape either way
   * @param lexicon the lexicon of the lexicon-feature block ({@code vader}), or null for none
   * @param embeddingWeight encoder models: scale of the standardized embedding in the linear head
   * @param encoders encoder models: the encoders, in order (empty for {@code fast})
   * @param poolings encoder models: which poolings of each encoder's token vectors
   * @param mlp encoder models: the perceptron to train beside the linear head, or null
   * @param mlpEncoders the encoders of the perceptron's input block
   * @param mlpPoolings the poolings of the perceptron's input block
   * @param mlpWeights blend weights of the perceptron to try (the best on validation wins)
   * @param cacheDirectory where embeddings are cached
   * @param threads threads for embedding and gradients
   * @param maxIterations L-BFGS iteration cap per fit
   * @param linearHead a head file whose linear head to reuse instead of fitting one (its feature
   *     layout must be the one these settings build), or null to fit; saves the n-gram fit when
   *     only the perceptron changes
   * @param tuned encoder models: fine-tuned top layers of the first encoder to blend in, or null
   */
  public record Settings(
      String model,
      Path data,
      Path out,
      List<Double> l2Grid,
      NgramConfig ngrams,
      boolean naiveBayesNgrams,
      String lexicon,
      double embeddingWeight,
      List<Encoder> encoders,
      List<Pooling> poolings,
      MlpTrainer.Settings mlp,
      List<Encoder> mlpEncoders,
      List<Pooling> mlpPoolings,
      List<Double> mlpWeights,
      Path cacheDirectory,
      int threads,
      int maxIterations,
      Path linearHead,
      TunedTop tuned) {
    public Settings {
      l2Grid = l2Grid.stream().sorted(java.util.Comparator.reverseOrder()).toList();
      encoders = List.copyOf(encoders);
      poolings = List.copyOf(poolings);
      mlpWeights = List.copyOf(mlpWeights);
      mlpEncoders = List.copyOf(mlpEncoders);
      mlpPoolings = List.copyOf(mlpPoolings);
      if (mlp != null && (mlpEncoders.isEmpty() || mlpPoolings.isEmpty())) {
        throw new IllegalArgumentException("the perceptron needs an encoder and a pooling");
      }
      if (l2Grid.isEmpty()) {
        throw new IllegalArgumentException("the L2 grid is empty");
      }
      boolean fast = model.equals(FastModel.NAME);
      if (fast && ngrams == null) {
        throw new IllegalArgumentException("the fast model needs n-gram features");
      }
      if (fast && (!encoders.isEmpty() || mlp != null)) {
        throw new IllegalArgumentException("the fast model has no encoders and no perceptron");
      }
      if (!fast && (encoders.isEmpty() || poolings.isEmpty())) {
        throw new IllegalArgumentException(
            "the " + model + " model needs at least one encoder and one pooling");
      }
      if (fast && tuned != null) {
        throw new IllegalArgumentException("the fast model has no encoder to tune");
      }
    }
  }

  /**
   * Fine-tuned top layers to blend in (made by {@code sentiment-tools/fine-tune}).
   *
   * @param file their ONNX file; it is copied beside the written head
   * @param fromLayer the encoder layer (from 0) whose hidden states they read
   * @param weights blend weights to try: the best macro-recall on validation among those that keep
   *     the calibration goal wins; 0 leaves them out
   * @param maxEce the calibration goal: a weight qualifies when the blend's ECE after temperature
   *     scaling ({@link CalibrationReport#calibratedEce}) is at most this
   * @param note how they were tuned, for the head file
   */
  public record TunedTop(
      Path file, int fromLayer, List<Double> weights, double maxEce, String note) {
    public TunedTop {
      weights = List.copyOf(weights);
      if (weights.isEmpty() || weights.stream().anyMatch(w -> w < 0 || w > 1)) {
        throw new IllegalArgumentException("tuned-top blend weights must be in [0, 1]: " + weights);
      }
      if (!(maxEce > 0)) {
        throw new IllegalArgumentException("tuned-top ECE goal must be positive: " + maxEce);
      }
    }
  }

  /** The written head's metadata and its validation evaluation. */
  public record Result(HeadMetadata metadata, Evaluation validation) {}

  static final int CLASSES = 3;

  private final Settings settings;
  private final PrintStream log;
  private final TrainingFeatures features;
  private final LinearHeads linearHeads;
  private final Blends blends;

  public HeadTrainer(Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
    this.features = new TrainingFeatures(settings, log);
    this.linearHeads = new LinearHeads(settings, log);
    this.blends = new Blends(settings, features, log);
  }

  /** Trains, writes the head file and returns what it wrote. */
  public Result run() {
    Splits splits = readSplits();
    TrainingFeatures.Linear features = this.features.linear(splits);
    LinearHeads.LinearChoice linear = linearHeads.choose(splits, features);
    // The validation logits and evaluation of the head so far: each later stage blends into these.
    double[][] valZ = linearLogits(linear.head(), features.valX());
    Evaluation evaluation = linear.evaluation();

    HeadMetadata.MlpLayout mlpLayout = null;
    if (settings.mlp() != null) {
      Blends.PerceptronBlend mlp = blends.perceptron(splits, valZ);
      if (mlp.choice().weight() > 0) {
        mlpLayout = mlp.layout();
        features.arrays().putAll(mlp.arrays());
        evaluation = mlp.choice().evaluation();
        valZ = Blends.blend(valZ, mlp.valZ(), mlp.choice().weight());
      }
    }

    HeadMetadata.TunedLayers tuned = null;
    if (settings.tuned() != null) {
      Blends.TunedChoice choice = blends.chooseTuned(splits.valTexts(), splits.valY(), valZ);
      if (choice.weight() > 0) {
        tuned = choice.layers();
        evaluation = choice.evaluation();
      }
    }

    HeadMetadata metadata = metadata(splits, features, linear, mlpLayout, tuned, evaluation);
    if (tuned != null) {
      copyBesideHead(settings.tuned().file(), tuned.file());
    }
    write(metadata, linear.head(), features.arrays());
    log.printf(
        "chose l2 %.0e; wrote %s version %s%n", linear.l2(), settings.out(), metadata.version());
    log.print(evaluation.report());
    return new Result(metadata, evaluation);
  }

  /**
   * Both splits, their texts normalized as the service normalizes them, and the class weights that
   * balance the train split.
   */
  record Splits(
      List<String> trainTexts,
      int[] trainY,
      List<String> valTexts,
      int[] valY,
      double[] classWeights) {}

  private Splits readSplits() {
    LabelledSplit train = LabelledSplit.read(settings.data(), "train");
    LabelledSplit val = LabelledSplit.read(settings.data(), "val");
    log.printf(
        "read %d train and %d validation tweets from %s%n",
        train.size(), val.size(), settings.data());
    List<String> trainTexts =
        train.texts().parallelStream().map(TweetNormalizer::normalize).toList();
    List<String> valTexts = val.texts().parallelStream().map(TweetNormalizer::normalize).toList();
    int[] trainY = train.labelArray();
    double[] classWeights = LogisticRegressionTrainer.balancedClassWeights(trainY, CLASSES);
    log.printf(
        "balanced class weights: negative %.3f, neutral %.3f, positive %.3f%n",
        classWeights[0], classWeights[1], classWeights[2]);
    return new Splits(trainTexts, trainY, valTexts, val.labelArray(), classWeights);
  }

  private HeadMetadata metadata(
      Splits splits,
      TrainingFeatures.Linear features,
      LinearHeads.LinearChoice linear,
      HeadMetadata.MlpLayout mlp,
      HeadMetadata.TunedLayers tuned,
      Evaluation evaluation) {
    String trainedAt = LocalDate.now(ZoneOffset.UTC).toString();
    Map<String, Double> validation = new LinkedHashMap<>();
    validation.put("macro_recall", round4(evaluation.macroRecall()));
    validation.put("accuracy", round4(evaluation.accuracy()));
    validation.put("macro_f1", round4(evaluation.macroF1()));
    return new HeadMetadata(
        settings.model(),
        HeadFile.version(trainedAt, linear.head(), features.arrays(), null, tuned),
        trainedAt,
        features.layout(),
        linear.l2(),
        linear.trainingData(),
        splits.trainTexts().size(),
        validation,
        mlp,
        null,
        tuned);
  }

  private void copyBesideHead(Path file, String name) {
    try {
      Path target = settings.out().toAbsolutePath().resolveSibling(name);
      Files.createDirectories(target.getParent());
      if (!Files.exists(target) || !Files.isSameFile(file, target)) {
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + file + " beside " + settings.out(), e);
    }
  }

  static double[][] linearLogits(LinearHead head, List<SparseVector> xs) {
    double[][] out = new double[xs.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head.logits(xs.get(i));
    }
    return out;
  }

  static int[] argmax(double[][] z) {
    int[] out = new int[z.length];
    for (int i = 0; i < z.length; i++) {
      out[i] = LinearHead.argmax(z[i]);
    }
    return out;
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
