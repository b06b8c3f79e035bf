package io.github.tweetsentiment.tools.train;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.embedding.SentenceEncoder;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.features.SparseVector;
import io.github.tweetsentiment.service.linear.HeadFile;
import io.github.tweetsentiment.service.linear.HeadMetadata;
import io.github.tweetsentiment.service.linear.LinearHead;
import io.github.tweetsentiment.service.mlp.MlpHead;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.model.LinearFeatures;
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
 * Trains the head of a model on a TweetEval-layout directory: fits one logistic-regression head per
 * L2 strength on the train split and keeps the one with the best validation macro-recall; for the
 * encoder models, optionally trains a perceptron over the embedding block too and blends the two
 * with the weight that does best on validation, and likewise blends in fine-tuned top layers of the
 * first encoder when given. Writes the result as a head file (uncalibrated: {@code Calibrate} adds
 * the temperature and the share correction).
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

  private static final int CLASSES = 3;

  private final Settings settings;
  private final PrintStream log;

  public HeadTrainer(Settings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
  }

  /** Trains, writes the head file and returns what it wrote. */
  public Result run() {
    Splits splits = readSplits();
    Features features = features(splits);
    LinearChoice linear = linearHead(splits, features);
    // The validation logits and evaluation of the head so far: each later stage blends into these.
    double[][] valZ = linearLogits(linear.head(), features.valX());
    Evaluation evaluation = linear.evaluation();

    HeadMetadata.MlpLayout mlpLayout = null;
    if (settings.mlp() != null) {
      PerceptronBlend mlp = perceptron(splits, valZ);
      if (mlp.choice().weight() > 0) {
        mlpLayout = mlp.layout();
        features.arrays().putAll(mlp.arrays());
        evaluation = mlp.choice().evaluation();
        valZ = blend(valZ, mlp.valZ(), mlp.choice().weight());
      }
    }

    HeadMetadata.TunedLayers tuned = null;
    if (settings.tuned() != null) {
      TunedChoice choice = chooseTuned(splits.valTexts(), splits.valY(), valZ);
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
  private record Splits(
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

  /**
   * The linear head's features of both splits, and the named arrays the head file keeps so that the
   * service builds the same ones (later stages add theirs).
   */
  private record Features(
      HeadMetadata.FeatureLayout layout,
      Map<String, float[]> arrays,
      List<SparseVector> trainX,
      List<SparseVector> valX) {}

  private Features features(Splits splits) {
    Map<String, float[]> arrays = new LinkedHashMap<>();
    float[][] trainDense = new float[splits.trainTexts().size()][0];
    float[][] valDense = new float[splits.valTexts().size()][0];
    HeadMetadata.FeatureLayout layout;
    if (settings.encoders().isEmpty()) {
      layout = new HeadMetadata.FeatureLayout(0, 0, settings.ngrams(), null, settings.lexicon());
    } else {
      trainDense = embed("train", splits.trainTexts(), settings.encoders(), settings.poolings());
      valDense = embed("val", splits.valTexts(), settings.encoders(), settings.poolings());
      standardize(trainDense, valDense, arrays, EncoderModel.MEAN, EncoderModel.INV_STD);
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
    return new Features(layout, arrays, trainX, valX);
  }

  /**
   * The linear head kept, its L2 strength, its validation evaluation and its data's description.
   */
  private record LinearChoice(
      LinearHead head, double l2, Evaluation evaluation, String trainingData) {}

  private static final String TRAINING_DATA =
      "TweetEval sentiment train split (cardiffnlp/tweeteval), balanced class weights";

  private LinearChoice linearHead(Splits splits, Features features) {
    LinearChoice linear =
        settings.linearHead() != null
            ? reusedLinearHead(splits, features)
            : fitLinearHead(splits, features);
    log.printf(
        "linear head: l2 %.0e, validation macro-recall %.4f%n",
        linear.l2(), linear.evaluation().macroRecall());
    return linear;
  }

  /** The linear head of {@link Settings#linearHead}, which must read the features built here. */
  private LinearChoice reusedLinearHead(Splits splits, Features features) {
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
        Evaluation.of(splits.valY(), argmax(linearLogits(head, features.valX())));
    log.printf("reusing the linear head of %s%n", settings.linearHead());
    return new LinearChoice(
        head, reused.metadata().l2(), evaluation, reused.metadata().trainingData());
  }

  /**
   * Fits one head per L2 strength, strongest first and each warm-started from the last, and keeps
   * the best validation macro-recall of the weights as stored.
   */
  private LinearChoice fitLinearHead(Splits splits, Features features) {
    HeadMetadata.FeatureLayout layout = features.layout();
    String trainingData = TRAINING_DATA;
    float[] scale = null;
    List<SparseVector> fitX = features.trainX();
    if (settings.naiveBayesNgrams() && layout.ngrams() != null) {
      int from = layout.embeddingDimension() + layout.lexiconDimension();
      scale =
          NaiveBayesScaling.of(
              features.trainX(), splits.trainY(), CLASSES, from, layout.dimension());
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
            CLASSES,
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
            Evaluation.of(splits.valY(), argmax(linearLogits(stored, features.valX())));
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

  /**
   * The perceptron chosen on validation, with what the head file needs to serve it (its layout, its
   * input's standardization and its layers) and its validation logits.
   */
  private record PerceptronBlend(
      MlpChoice choice,
      HeadMetadata.MlpLayout layout,
      Map<String, float[]> arrays,
      double[][] valZ) {}

  private PerceptronBlend perceptron(Splits splits, double[][] headZ) {
    float[][] mlpTrain =
        embed("train", splits.trainTexts(), settings.mlpEncoders(), settings.mlpPoolings());
    float[][] mlpVal =
        embed("val", splits.valTexts(), settings.mlpEncoders(), settings.mlpPoolings());
    Map<String, float[]> arrays = new LinkedHashMap<>();
    standardize(mlpTrain, mlpVal, arrays, EncoderModel.MLP_MEAN, EncoderModel.MLP_INV_STD);
    log.printf("perceptron input: %d dimensions%n", mlpTrain[0].length);
    MlpChoice choice =
        trainMlp(mlpTrain, mlpVal, splits.trainY(), splits.valY(), splits.classWeights(), headZ);
    if (choice.weight() == 0) {
      return new PerceptronBlend(choice, null, Map.of(), null);
    }
    HeadMetadata.MlpLayout layout =
        new HeadMetadata.MlpLayout(
            blocks(settings.mlpEncoders(), settings.mlpPoolings()),
            settings.mlp().hidden(),
            choice.weight(),
            choice.epochs());
    arrays.putAll(new java.util.TreeMap<>(choice.head().toArrays()));
    return new PerceptronBlend(choice, layout, arrays, mlpLogits(choice.head(), mlpVal));
  }

  private HeadMetadata metadata(
      Splits splits,
      Features features,
      LinearChoice linear,
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

  /** The tuned layers' blend weight that did best on validation, and what it gave. */
  private record TunedChoice(
      HeadMetadata.TunedLayers layers, double weight, Evaluation evaluation) {}

  private TunedChoice chooseTuned(List<String> valTexts, int[] valY, double[][] headZ) {
    TunedTop spec = settings.tuned();
    Encoder encoder = settings.encoders().get(0);
    byte[] model;
    try {
      model = Files.readAllBytes(spec.file());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tuned top " + spec.file(), e);
    }
    double[][] tunedZ;
    long start = System.nanoTime();
    try (SentenceEncoder e =
        SentenceEncoder.load(encoder, 1, new SentenceEncoder.Tap(spec.fromLayer(), model))) {
      tunedZ = tunedLogits(e, valTexts);
    }
    log.printf(
        "tuned top %s: validation macro-recall alone %.4f (%.0f s)%n",
        spec.file(),
        Evaluation.of(valY, argmax(tunedZ)).macroRecall(),
        (System.nanoTime() - start) / 1e9);
    // Without the tuned top the head is what it is; a weight must not make calibration worse
    // than the goal, since the blend weight moves the ECE more than the macro-recall.
    double bestWeight = 0;
    Evaluation bestEval = Evaluation.of(valY, argmax(headZ));
    StringBuilder line = new StringBuilder();
    for (double w : spec.weights()) {
      double[][] z = blend(headZ, tunedZ, w);
      Evaluation e = Evaluation.of(valY, argmax(z));
      double ece = CalibrationReport.calibratedEce(z, valY, CalibrationReport.DEFAULT_SEED);
      boolean calibrated = ece <= spec.maxEce();
      line.append(
          String.format(
              java.util.Locale.ROOT,
              "%n  w %.2f: %.4f, ECE %.4f%s",
              w,
              e.macroRecall(),
              ece,
              calibrated ? "" : " (over the goal)"));
      if (calibrated && e.macroRecall() > bestEval.macroRecall()) {
        bestWeight = w;
        bestEval = e;
      }
    }
    log.printf(
        "tuned top, validation macro-recall and calibrated ECE by blend weight (goal %.3f):%s%n",
        spec.maxEce(), line);
    log.printf(
        "tuned top: blend weight %.2f, validation macro-recall %.4f%n",
        bestWeight, bestEval.macroRecall());
    HeadMetadata.TunedLayers layers =
        new HeadMetadata.TunedLayers(
            encoder.id(),
            spec.fromLayer(),
            EncoderModel.tunedTopFile(settings.model()),
            EncoderModel.sha256(model),
            bestWeight,
            spec.note());
    return new TunedChoice(layers, bestWeight, bestEval);
  }

  /** The tuned top's logits of every text, in two parallel halves (the encoder is thread-safe). */
  private double[][] tunedLogits(SentenceEncoder encoder, List<String> texts) {
    int threads = Math.max(1, settings.threads());
    int slice = (texts.size() + threads - 1) / threads;
    List<List<String>> slices = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += slice) {
      slices.add(texts.subList(from, Math.min(texts.size(), from + slice)));
    }
    return slices.parallelStream()
        .map(s -> encoder.encodeTuned(s).tunedLogits())
        .flatMap(java.util.Arrays::stream)
        .toArray(double[][]::new);
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

  /** The perceptron, the epoch and the blend weight that did best on validation. */
  private record MlpChoice(MlpHead head, int epochs, double weight, Evaluation evaluation) {}

  private MlpChoice trainMlp(
      float[][] trainDense,
      float[][] valDense,
      int[] trainY,
      int[] valY,
      double[] classWeights,
      double[][] linearZ) {
    MlpChoice[] best = {new MlpChoice(null, 0, 0, Evaluation.of(valY, argmax(linearZ)))};
    try (MlpTrainer trainer =
        new MlpTrainer(trainDense, trainY, CLASSES, classWeights, settings.threads())) {
      long start = System.nanoTime();
      trainer.fit(
          settings.mlp(),
          (epoch, loss, head) -> {
            double[][] mlpZ = mlpLogits(head, valDense);
            StringBuilder line = new StringBuilder();
            for (double w : settings.mlpWeights()) {
              Evaluation e = Evaluation.of(valY, argmax(blend(linearZ, mlpZ, w)));
              line.append(
                  String.format(java.util.Locale.ROOT, " w %.2f: %.4f", w, e.macroRecall()));
              if (e.macroRecall() > best[0].evaluation().macroRecall()) {
                best[0] = new MlpChoice(head, epoch, w, e);
              }
            }
            log.printf(
                "  mlp epoch %d (%.0f s), train loss %.4f, validation macro-recall by blend"
                    + " weight:%s%n",
                epoch, (System.nanoTime() - start) / 1e9, loss, line);
            return true;
          });
    }
    log.printf(
        "perceptron: epoch %d, blend weight %.2f, validation macro-recall %.4f%n",
        best[0].epochs(), best[0].weight(), best[0].evaluation().macroRecall());
    return best[0];
  }

  private static double[][] mlpLogits(MlpHead head, float[][] dense) {
    double[][] out = new double[dense.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head.logits(dense[i]);
    }
    return out;
  }

  /** The blend the service computes ({@link EncoderModel#blendInPlace}), row by row, on copies. */
  static double[][] blend(double[][] head, double[][] other, double w) {
    double[][] out = new double[head.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = head[i].clone();
      EncoderModel.blendInPlace(out[i], other[i], w);
    }
    return out;
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

  private static List<HeadMetadata.EncoderBlock> blocks(
      List<Encoder> encoders, List<Pooling> poolings) {
    List<String> ids = poolings.stream().map(Pooling::id).toList();
    return encoders.stream().map(e -> new HeadMetadata.EncoderBlock(e.id(), ids)).toList();
  }

  /** Standardizes both splits in place with the train split's statistics, kept under names. */
  private static void standardize(
      float[][] train,
      float[][] val,
      Map<String, float[]> arrays,
      String meanName,
      String invName) {
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
    arrays.put(meanName, mean);
    arrays.put(invName, invStd);
  }

  private static List<SparseVector> linearFeatures(
      LinearFeatures features, float[][] dense, List<String> texts) {
    return java.util.stream.IntStream.range(0, texts.size())
        .parallel()
        .mapToObj(i -> features.of(dense[i], texts.get(i)))
        .toList();
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

  private static HeadFile.Contents readHead(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return HeadFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read head file " + file, e);
    }
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
