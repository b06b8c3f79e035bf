package io.github.tweetsentiment.service.cli;

import io.github.tweetsentiment.service.embedding.Encoder;
import io.github.tweetsentiment.service.embedding.Pooling;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.mlp.MlpTrainer;
import io.github.tweetsentiment.service.model.EncoderModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.train.HeadTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Trains a model's head and writes it as a class-path resource (then run {@link Calibrate}).
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar \
 *     io.github.tweetsentiment.service.cli.Train --model fast \
 *     --data ../shared/datasets/tweeteval-sentiment
 * </pre>
 *
 * <p>Flags: {@code --model fast|accurate|best} (required), {@code --data DIR} (TweetEval layout,
 * default {@code ../shared/datasets/tweeteval-sentiment}), {@code --out FILE} (default: the model's
 * resource under {@code sentiment-service/src/main/resources}), {@code --l2 a,b,...} (the grid),
 * {@code --hash-bits N}, {@code --word-ngrams N}, {@code --char-ngrams MIN-MAX}, {@code --ngrams
 * true|false} (encoder models: n-grams beside the embedding), {@code --embedding-weight X}, {@code
 * --encoders bge,e5,minilm} and {@code --pooling cls,mean,max} (the linear head's block), {@code
 * --mlp-hidden N} (0: no perceptron), {@code --mlp-encoders ...} and {@code --mlp-pooling ...} (the
 * perceptron's block), {@code --mlp-epochs N}, {@code --mlp-lr X}, {@code --mlp-weight-decay X},
 * {@code --mlp-dropout X}, {@code --mlp-weights a,b,...} (blend weights to try), {@code --seed N},
 * {@code --cache-dir DIR}, {@code --threads N}, {@code --max-iterations N}, {@code --linear-head
 * FILE} (reuse that file's linear head instead of fitting one: its features must be the same). The
 * defaults of the encoder flags are each model's committed recipe.
 */
public final class Train {

  static final String DEFAULT_DATA = "../shared/datasets/tweeteval-sentiment";
  static final String RESOURCE_ROOT = "sentiment-service/src/main/resources";

  /** The flags {@code main} accepts; tests parse with the same set. */
  static final Set<String> FLAGS =
      Set.of(
          "model",
          "data",
          "out",
          "l2",
          "hash-bits",
          "word-ngrams",
          "char-ngrams",
          "ngrams",
          "embedding-weight",
          "encoders",
          "pooling",
          "mlp-hidden",
          "mlp-encoders",
          "mlp-pooling",
          "mlp-epochs",
          "mlp-lr",
          "mlp-weight-decay",
          "mlp-dropout",
          "mlp-weights",
          "seed",
          "cache-dir",
          "threads",
          "max-iterations",
          "linear-head");

  /** Each encoder model's committed recipe: the defaults of the encoder flags. */
  private record Recipe(
      String encoders, String pooling, int mlpHidden, String mlpEncoders, String mlpPooling) {}

  private static Recipe recipe(String model) {
    return switch (model) {
      case EncoderModel.ACCURATE -> new Recipe("bge", "cls", 256, "bge", "cls,mean,max");
      case EncoderModel.BEST -> new Recipe("bge", "cls", 256, "bge,e5,minilm", "cls,mean,max");
      default ->
          throw new IllegalArgumentException(
              "Train: --model must be fast, accurate or best, got '" + model + "'");
    };
  }

  private Train() {}

  public static void main(String[] argv) {
    CliLogging.configure();
    try {
      run(Args.parse("Train", argv, FLAGS));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  static HeadTrainer.Result run(Args args) {
    String model = args.get("model", "");
    if (model.isEmpty()) {
      throw new IllegalArgumentException("Train: --model fast|accurate|best is required");
    }
    boolean fast = model.equals(FastModel.NAME);
    Recipe recipe = fast ? new Recipe("", "", 0, "", "") : recipe(model);
    String resource = fast ? FastModel.RESOURCE : EncoderModel.resource(model);
    String[] charRange = args.get("char-ngrams", "2-5").split("-");
    if (charRange.length != 2) {
      throw new IllegalArgumentException("Train: --char-ngrams must look like 2-5");
    }
    NgramConfig ngrams =
        new NgramConfig(
            args.getInt("hash-bits", 18),
            args.getInt("word-ngrams", 2),
            Integer.parseInt(charRange[0].strip()),
            Integer.parseInt(charRange[1].strip()));
    boolean useNgrams = fast || args.getBoolean("ngrams", true);
    int hidden = fast ? 0 : args.getInt("mlp-hidden", recipe.mlpHidden());
    MlpTrainer.Settings mlp =
        hidden <= 0
            ? null
            : new MlpTrainer.Settings(
                hidden,
                args.getInt("mlp-epochs", 12),
                64,
                args.getDouble("mlp-lr", 1e-3),
                args.getDouble("mlp-weight-decay", 1e-2),
                args.getDouble("mlp-dropout", 0.3),
                args.getInt("seed", 15));
    HeadTrainer.Settings settings =
        new HeadTrainer.Settings(
            model,
            Path.of(args.get("data", DEFAULT_DATA)),
            Path.of(args.get("out", RESOURCE_ROOT + resource)),
            doubles(args.get("l2", "1e-4,3e-5,1e-5")),
            useNgrams ? ngrams : null,
            args.getDouble("embedding-weight", 1.0),
            fast ? List.of() : Encoder.parseList(args.get("encoders", recipe.encoders())),
            fast ? List.of() : Pooling.parseList(args.get("pooling", recipe.pooling())),
            mlp,
            mlp == null
                ? List.of()
                : Encoder.parseList(args.get("mlp-encoders", recipe.mlpEncoders())),
            mlp == null
                ? List.of()
                : Pooling.parseList(args.get("mlp-pooling", recipe.mlpPooling())),
            doubles(args.get("mlp-weights", "0,0.25,0.5,0.75,1")),
            Path.of(
                args.get(
                    "cache-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "tweet-sentiment-cache")
                        .toString())),
            args.getInt("threads", Runtime.getRuntime().availableProcessors()),
            args.getInt("max-iterations", 300),
            args.has("linear-head") ? Path.of(args.get("linear-head", "")) : null);
    return new HeadTrainer(settings, System.out).run();
  }

  private static List<Double> doubles(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).map(Double::parseDouble).toList();
  }
}
