package io.github.tweetsentiment.service.model;

import java.util.List;

/**
 * A model whose probabilities are {@code softmax(logits / T[argmax logits])} with temperatures
 * fitted by {@code Calibrate}: it exposes the raw logits so that they can be fitted and checked.
 */
public interface LogitModel extends SentimentModel {

  /** The uncalibrated logits of each text, aligned by index. */
  double[][] logits(List<String> texts);
}
