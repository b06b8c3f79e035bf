package io.github.tweetsentiment.service.cli;

import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.model.AccurateModel;
import io.github.tweetsentiment.service.model.FastModel;
import io.github.tweetsentiment.service.train.HeadTrainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Trains a model's logistic-regression head and writes it as a class-path resource.
 *
 * <pre>
 * java -cp sentiment-service/target/sentiment-service.jar \
 *     io.github.tweetsentiment.service.cli.Train --model fast \
 *     --data ../shared/datasets/tweeteval-sentiment
 * </pre>
 *
 * <p>Flags: {@code --model fast|accurate} (required), {@code --data DIR} (TweetEval layout, default
 * {@code ../shared/datasets/tweeteval-sentiment}), {@code --out FILE} (default: the model's
 * resource under {@code sentiment-service/src/main/resources}), {@code --l2 a,b,...} (the grid),
 * {@code --hash-bits N}, {@code --word-ngrams N}, {@code --char-ngrams MIN-MAX}, {@code --ngrams
 * true|false} (accurate: n-grams beside the embedding), {@code --embedding-weight X}, {@code
 * --cache-dir DIR}, {@code --threads N}, {@code --max-iterations N}.
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
          "cache-dir",
          "threads",
          "max-iterations");

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
      throw new IllegalArgumentException("Train: --model fast|accurate is required");
    }
    boolean fast = model.equals(FastModel.NAME);
    String resource = fast ? FastModel.RESOURCE : AccurateModel.RESOURCE;
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
    List<Double> grid =
        Arrays.stream(args.get("l2", "1e-4,3e-5,1e-5").split(","))
            .map(String::strip)
            .map(Double::parseDouble)
            .toList();
    HeadTrainer.Settings settings =
        new HeadTrainer.Settings(
            model,
            Path.of(args.get("data", DEFAULT_DATA)),
            Path.of(args.get("out", RESOURCE_ROOT + resource)),
            grid,
            useNgrams ? ngrams : null,
            args.getDouble("embedding-weight", 1.0),
            Path.of(
                args.get(
                    "cache-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "tweet-sentiment-cache")
                        .toString())),
            args.getInt("threads", Runtime.getRuntime().availableProcessors()),
            args.getInt("max-iterations", 300));
    return new HeadTrainer(settings, System.out).run();
  }
}
