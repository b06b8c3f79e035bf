package io.github.tweetsentiment.localrun;

import io.github.tweetsentiment.pipeline.read.ReadInputFiles;
import java.io.IOException;

/**
 * How many messages a local backfill's input holds, counted before the run for its estimate of the
 * time left ({@link ReadInputFiles#messagesIn}). Local files and bundled recordings only: counting
 * {@code gs://} objects would read them twice.
 */
final class InputSize {

  private InputSize() {}

  /** The messages of every file {@code spec} names, or null when they cannot be counted here. */
  static Long messages(String spec) {
    if (spec.replace("file://", "").contains("://")) {
      return null;
    }
    try {
      return ReadInputFiles.messagesIn(spec);
    } catch (IOException | RuntimeException e) {
      return null; // No estimate; the run itself reports what is wrong with the input.
    }
  }
}
