package io.github.tweetsentiment.service.model;

import java.util.Map;

/**
 * What the service reports about its model.
 *
 * @param name the name in the URL path ({@code fast}, {@code accurate}, or an operator's ONNX model
 *     name)
 * @param version the version reported with every prediction
 * @param description one line for humans
 * @param details training and configuration facts (JSON-serializable values)
 */
public record ModelInfo(
    String name, String version, String description, Map<String, Object> details) {
  public ModelInfo {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
