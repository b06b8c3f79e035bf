package io.github.tweetsentiment.service.onnx;

import io.github.tweetsentiment.core.SentimentLabel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An operator's exported ONNX sequence-classification model.
 *
 * @param name the name it is served under (the {@code {model}} of the URL)
 * @param model the {@code .onnx} file: inputs among {@code input_ids}, {@code attention_mask},
 *     {@code token_type_ids}; first output the logits {@code [batch, labels]}
 * @param tokenizer the model's Hugging Face {@code tokenizer.json}
 * @param labels the sentiment of each logit, in output order (twitter-roberta-base-sentiment:
 *     negative, neutral, positive)
 * @param maxTokens texts are truncated to this many tokens
 * @param normalize whether to apply the TweetEval normalization first (right for models trained on
 *     TweetEval, such as the cardiffnlp ones)
 * @param version the reported version, or null to use a digest of the model file
 */
public record OnnxClassifierConfig(
    String name,
    Path model,
    Path tokenizer,
    List<SentimentLabel> labels,
    int maxTokens,
    boolean normalize,
    String version) {

  public OnnxClassifierConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    labels = List.copyOf(labels);
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "an ONNX classifier needs at least 2 labels, got " + labels);
    }
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException("ONNX classifier labels repeat: " + labels);
    }
    if (maxTokens < 8 || maxTokens > 4096) {
      throw new IllegalArgumentException("maxTokens must be in [8, 4096], got " + maxTokens);
    }
  }

  /** Parses a comma-separated label list such as {@code negative,neutral,positive}. */
  public static List<SentimentLabel> parseLabels(String commaSeparated) {
    return java.util.Arrays.stream(commaSeparated.split(","))
        .map(String::strip)
        .map(SentimentLabel::fromWireName)
        .toList();
  }
}
