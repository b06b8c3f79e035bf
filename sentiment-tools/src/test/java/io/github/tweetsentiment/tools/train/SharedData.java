package io.github.tweetsentiment.tools.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the TweetEval data and the Sentiment140 test set under {@code ../shared}, or skips the
 * test with the reason.
 */
public final class SharedData {

  private SharedData() {}

  /** The TweetEval sentiment directory; skips the calling test where it is absent. */
  public static Path tweetEvalOrSkip() {
    String shared = System.getProperty("shared.dir", "../shared");
    Path dir = Path.of(shared, "datasets", "tweeteval-sentiment");
    assumeTrue(
        Files.isRegularFile(dir.resolve("val_text.txt")),
        "skipped: no TweetEval data at "
            + dir.toAbsolutePath()
            + " (set -Dshared.dir to the shared/ directory beside the checkout to run it)");
    return dir;
  }

  /**
   * Sentiment140's manually labelled test CSV, for out-of-sample floors only (never trained or
   * tuned on); skips the calling test where it is absent.
   */
  public static Path sentiment140OrSkip() {
    String shared = System.getProperty("shared.dir", "../shared");
    Path csv = Path.of(shared, "datasets", "sentiment140-test", "testdata.manual.2009.06.14.csv");
    assumeTrue(
        Files.isRegularFile(csv),
        "skipped: no Sentiment140 test set at "
            + csv.toAbsolutePath()
            + " (set -Dshared.dir to the shared/ directory beside the checkout to run it)");
    return csv;
  }
}
