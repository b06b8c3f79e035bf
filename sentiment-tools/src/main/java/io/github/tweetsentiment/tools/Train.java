package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.tools.train.HeadTrainer;
import io.github.tweetsentiment.tools.train.MlpTrainer;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains a model's head and writes it as a class-path resource (then run {@link Calibrate}).
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar:sentiment-tools/target/sentiment-tools.jar \
 *     io.github.tweetsentiment.tools.Train --model=accurate --data=../shared/datasets/tweeteval-sentiment
 * </pre>
 *
 * <p>{@code --help} lists the flags. The defaults of the encoder flags are each model's committed
 * recipe.
 */
@Command(
    name = "Train",
    description =
        "Fits a model's head on the train split (L2 strength and perceptron chosen on the"
            + " validation split) and writes it, uncalibrated: run Calibrate next.")
public final class Train extends ToolCommand {

  static final String RESOURCE_ROOT = "sentiment-service/src/main/resources";

  @Option(names = "--model", required = true, description = "fast, accurate or best")
  String model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = DataOption.DEFAULT,
      description =
          "TweetEval layout: train_text.txt, train_labels.txt, val_* (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "where to write the head (default: the model's committed resource)")
  Path out;

  @Option(
      names = "--l2",
      split = ",",
      paramLabel = "X",
      defaultValue = "1e-4,3e-5,1e-5",
      description =
          "L2 strengths to try; the best validation macro-recall wins (default: ${DEFAULT-VALUE})")
  List<Double> l2;

  @Option(names = "--hashBits", defaultValue = "18", description = "n-gram buckets: 2^N")
  int hashBits;

  @Option(names = "--wordNgrams", defaultValue = "2", description = "word 1..N-grams")
  int wordNgrams;

  @Option(
      names = "--charNgrams",
      paramLabel = "MIN-MAX",
      defaultValue = "2-5",
      description = "character n-gram lengths (default: ${DEFAULT-VALUE})")
  String charNgrams;

  @Option(
      names = "--ngrams",
      defaultValue = "true",
      arity = "1",
      description =
          "encoder models: hashed n-grams beside the embedding (default: ${DEFAULT-VALUE})")
  boolean ngrams;

  @Option(
      names = "--ngramWeights",
      defaultValue = "none",
      description =
          "how the linear head's fit weighs the n-grams: none, or nb (by their naive-Bayes"
              + " log-count ratios on the train split, as NBSVM does; measured, not shipped:"
              + " docs/model.md) (default: ${DEFAULT-VALUE})")
  String ngramWeights;

  @Option(
      names = "--lexicon",
      defaultValue = LexiconFeaturizer.VADER,
      description =
          "lexicon features beside the other blocks: vader, or none (default: ${DEFAULT-VALUE})")
  String lexicon;

  @Option(
      names = "--embeddingWeight",
      defaultValue = "1.0",
      description = "scale of the standardized embedding in the linear head")
  double embeddingWeight;

  @Option(
      names = "--encoders",
      paramLabel = "IDS",
      description = "the linear head's encoders: bge,e5,minilm")
  String encoders;

  @Option(names = "--pooling", paramLabel = "IDS", description = "their poolings: cls,mean,max")
  String pooling;

  @Option(
      names = "--mlpHidden",
      paramLabel = "N",
      description = "perceptron hidden units (0: none)")
  Integer mlpHidden;

  @Option(names = "--mlpEncoders", paramLabel = "IDS", description = "the perceptron's encoders")
  String mlpEncoders;

  @Option(names = "--mlpPooling", paramLabel = "IDS", description = "the perceptron's poolings")
  String mlpPooling;

  @Option(names = "--mlpEpochs", defaultValue = "12", description = "perceptron epochs")
  int mlpEpochs;

  @Option(names = "--mlpLr", defaultValue = "1e-3", description = "AdamW step size")
  double mlpLr;

  @Option(names = "--mlpWeightDecay", defaultValue = "1e-2", description = "AdamW weight decay")
  double mlpWeightDecay;

  @Option(names = "--mlpDropout", defaultValue = "0.3", description = "hidden-layer dropout")
  double mlpDropout;

  @Option(
      names = "--mlpWeights",
      split = ",",
      defaultValue = "0,0.25,0.5,0.75,1",
      description = "blend weights of the perceptron to try (default: ${DEFAULT-VALUE})")
  List<Double> mlpWeights;

  @Option(names = "--seed", defaultValue = "15", description = "perceptron seed")
  long seed;

  @Option(
      names = "--tunedTop",
      paramLabel = "FILE",
      description =
          "ONNX file of the first encoder's top layers fine-tuned with their own head"
              + " (sentiment-tools/fine-tune), blended in; 'none' for none (default: the model's"
              + " committed file, if its recipe has one)")
  String tunedTop;

  @Option(
      names = "--tunedFromLayer",
      defaultValue = "5",
      description = "the encoder layer (from 0) the tuned top reads (default: ${DEFAULT-VALUE})")
  int tunedFromLayer;

  @Option(
      names = "--tunedWeights",
      split = ",",
      defaultValue = "0,0.1,0.2,0.25,0.3,0.4,0.5,0.6,0.7,0.8",
      description =
          "blend weights of the tuned top to try; the best validation macro-recall among those"
              + " within --tunedMaxEce wins (default: ${DEFAULT-VALUE})")
  List<Double> tunedWeights;

  @Option(
      names = "--tunedMaxEce",
      defaultValue = "0.03",
      description =
          "the calibration goal a blend weight must keep: top-label ECE after temperature"
              + " scaling, fitted on validation and cross-fitted (default: ${DEFAULT-VALUE})")
  double tunedMaxEce;

  @Option(
      names = "--tunedNote",
      defaultValue =
          "bge-small's layers 6-11 and a linear head on [CLS], fine-tuned on the TweetEval"
              + " train split over the int8 encoder's hidden states after layer 5"
              + " (sentiment-tools/fine-tune)",
      description = "how the tuned top was made, for the head file")
  String tunedNote;

  @Option(
      names = "--cacheDir",
      paramLabel = "DIR",
      description = "embedding cache (default: ${java.io.tmpdir}/tweet-sentiment-cache)")
  Path cacheDir;

  @Option(names = "--threads", description = "threads (default: all cores)")
  Integer threads;

  @Option(names = "--maxIterations", defaultValue = "300", description = "L-BFGS cap per fit")
  int maxIterations;

  @Option(
      names = "--linearHead",
      paramLabel = "FILE",
      description =
          "reuse this head file's linear head instead of fitting one (its features must be the"
              + " ones these flags build): saves the n-gram fit when only the perceptron changes")
  Path linearHead;

  /** The last run's result, for tests. */
  HeadTrainer.Result result;

  /** Each encoder model's committed recipe: the defaults of the encoder flags. */
  private record Recipe(
      String encoders,
      String pooling,
      int mlpHidden,
      String mlpEncoders,
      String mlpPooling,
      String tunedTop) {}

  private static Recipe recipe(String model) {
    return switch (model) {
      case EncoderModel.ACCURATE ->
          new Recipe("bge", "cls", 256, "bge", "cls,mean,max", EncoderModel.tunedTopFile(model));
      case EncoderModel.BEST ->
          new Recipe("bge", "cls", 256, "bge,e5,minilm", "cls,mean,max", null);
      default ->
          throw new IllegalArgumentException(
              "--model must be fast, accurate or best, got '" + model + "'");
    };
  }

  public static void main(String[] argv) {
    System.exit(CliLogging.execute(new Train(), argv));
  }

  @Override
  public Integer call() {
    result = new HeadTrainer(settings(), System.out).run();
    return 0;
  }

  HeadTrainer.Settings settings() {
    boolean fast = model.equals(FastModel.NAME);
    Recipe recipe = fast ? new Recipe("", "", 0, "", "", null) : recipe(model);
    String resource = fast ? FastModel.RESOURCE : EncoderModel.resource(model);
    String[] charRange = charNgrams.split("-");
    if (charRange.length != 2) {
      throw new IllegalArgumentException("--charNgrams must look like 2-5, got " + charNgrams);
    }
    NgramConfig grams =
        new NgramConfig(
            hashBits,
            wordNgrams,
            Integer.parseInt(charRange[0].strip()),
            Integer.parseInt(charRange[1].strip()));
    if (!ngramWeights.equals("nb") && !ngramWeights.equals("none")) {
      throw new IllegalArgumentException("--ngramWeights must be nb or none, got " + ngramWeights);
    }
    String lexiconName = lexicon.equals("none") ? null : LexiconFeaturizer.named(lexicon).name();
    int hidden = fast ? 0 : (mlpHidden != null ? mlpHidden : recipe.mlpHidden());
    MlpTrainer.Settings mlp =
        hidden <= 0
            ? null
            : new MlpTrainer.Settings(
                hidden, mlpEpochs, 64, mlpLr, mlpWeightDecay, mlpDropout, seed);
    return new HeadTrainer.Settings(
        model,
        data,
        out != null ? out : Path.of(RESOURCE_ROOT + resource),
        l2,
        fast || ngrams ? grams : null,
        ngramWeights.equals("nb"),
        lexiconName,
        embeddingWeight,
        fast ? List.of() : Encoder.parseList(or(encoders, recipe.encoders())),
        fast ? List.of() : Pooling.parseList(or(pooling, recipe.pooling())),
        mlp,
        mlp == null ? List.of() : Encoder.parseList(or(mlpEncoders, recipe.mlpEncoders())),
        mlp == null ? List.of() : Pooling.parseList(or(mlpPooling, recipe.mlpPooling())),
        mlpWeights,
        cacheDir != null
            ? cacheDir
            : Path.of(System.getProperty("java.io.tmpdir"), "tweet-sentiment-cache"),
        threads != null ? threads : Runtime.getRuntime().availableProcessors(),
        maxIterations,
        linearHead,
        fast ? null : tuned(recipe));
  }

  /** The tuned top to blend in: the flag, else the recipe's committed file; null for none. */
  private HeadTrainer.TunedTop tuned(Recipe recipe) {
    String file = tunedTop != null ? tunedTop : recipe.tunedTop();
    if (file == null || file.equals("none")) {
      return null;
    }
    Path path =
        tunedTop != null
            ? Path.of(file)
            : Path.of(RESOURCE_ROOT + EncoderModel.resource(model)).resolveSibling(file);
    return new HeadTrainer.TunedTop(path, tunedFromLayer, tunedWeights, tunedMaxEce, tunedNote);
  }

  /** A file that ships beside a head file, read from the head's directory. */
  static byte[] readBeside(Path head, String file) {
    Path path = head.toAbsolutePath().resolveSibling(file);
    try {
      return java.nio.file.Files.readAllBytes(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read " + path + ", which the head " + head + " names", e);
    }
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
