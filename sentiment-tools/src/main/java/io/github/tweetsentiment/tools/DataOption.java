package io.github.tweetsentiment.tools;

import io.github.tweetsentiment.tools.train.LabelledSplit;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data}: the TweetEval data set a command reads labelled splits from. {@link Train} and
 * {@link Benchmark} declare the flag themselves, to say in their help what they read from it.
 */
final class DataOption {

  /** Where the data set sits beside a checkout of this repository. */
  static final String DEFAULT = "../shared/datasets/tweeteval-sentiment";

  @Option(names = "--data", paramLabel = "DIR", defaultValue = DEFAULT)
  Path dir;

  /** The split {@code name}: {@code train}, {@code val} or {@code test}. */
  LabelledSplit split(String name) {
    return LabelledSplit.read(dir, name);
  }
}
