package io.github.tweetsentiment.service.model;

import io.github.tweetsentiment.core.Prediction;
import java.util.List;

/**
 * A sentiment model as the service sees it: a batch of raw tweet texts in, one prediction per text
 * out, in order.
 *
 * <p>Implementations apply {@link io.github.tweetsentiment.service.text.TweetNormalizer} (or what
 * their training used) themselves, are thread-safe, and release native resources in {@link
 * #close()}.
 */
public interface SentimentModel extends AutoCloseable {

  /** Name, version and descriptive metadata. */
  ModelInfo info();

  /**
   * Scores a batch in one model call.
   *
   * @param texts raw texts, none null
   * @return one prediction per text, aligned by index
   */
  List<Prediction> predict(List<String> texts);

  @Override
  void close();
}
