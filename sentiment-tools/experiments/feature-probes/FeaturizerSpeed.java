/*
 * Microseconds per tweet of the lexicon and n-gram featurizers, in one loop over a file of tweets
 * (20 passes per round, six rounds; read the last rounds, the first ones are JIT warm-up). Compare
 * the two as a ratio within one run: the machine is shared.
 *
 *   java -cp sentiment-service/target/sentiment-service.jar \
 *       sentiment-tools/experiments/feature-probes/FeaturizerSpeed.java \
 *       ../shared/datasets/tweeteval-sentiment/val_text.txt
 */
import io.github.tweetsentiment.service.features.HashedNgramFeaturizer;
import io.github.tweetsentiment.service.features.LexiconFeaturizer;
import io.github.tweetsentiment.service.features.NgramConfig;
import io.github.tweetsentiment.service.text.TweetNormalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class FeaturizerSpeed {
  public static void main(String[] args) throws Exception {
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      texts.add(TweetNormalizer.normalize(line));
    }
    LexiconFeaturizer lexicon = LexiconFeaturizer.named(LexiconFeaturizer.VADER);
    HashedNgramFeaturizer grams = new HashedNgramFeaturizer(new NgramConfig(18, 2, 2, 5));
    double sink = 0;
    int passes = 20;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      for (int p = 0; p < passes; p++) {
        for (String t : texts) {
          sink += lexicon.featurize(t)[0];
        }
      }
      long lexiconNanos = System.nanoTime() - start;
      start = System.nanoTime();
      for (int p = 0; p < passes; p++) {
        for (String t : texts) {
          sink += grams.featurize(t).size();
        }
      }
      long gramNanos = System.nanoTime() - start;
      double n = (double) passes * texts.size();
      System.out.printf(
          "round %d: lexicon %.2f us/tweet, n-grams %.2f us/tweet%n",
          round, lexiconNanos / 1e3 / n, gramNanos / 1e3 / n);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
